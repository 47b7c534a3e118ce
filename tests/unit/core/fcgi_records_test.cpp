#include "core/fcgi_records.h"

#include <fastcgi.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "core/fcgi_request.h"
#include "support/fcgi_wire.h"

using namespace resellermgr::core;
using resellermgr::testing::FcgiPair;
using resellermgr::testing::FcgiRecord;
using Step = fcgi::RecordReader::Step;

namespace {

std::string Begin(unsigned id, bool keep, unsigned role = FCGI_RESPONDER) {
  return FcgiRecord(
      FCGI_BEGIN_REQUEST, id,
      std::string{0, static_cast<char>(role), static_cast<char>(keep ? 1 : 0), 0, 0, 0, 0, 0});
}

// A whole request as nginx sends it.
std::string WholeRequest(unsigned id, bool keep, const std::string& query,
                         const std::string& body) {
  const std::string params = FcgiPair("REQUEST_METHOD", body.empty() ? "GET" : "POST") +
                             FcgiPair("QUERY_STRING", query) +
                             FcgiPair("CONTENT_LENGTH", std::to_string(body.size())) +
                             FcgiPair("HTTP_COOKIE", std::string(300, 'c'));
  std::string out = Begin(id, keep);
  out += FcgiRecord(FCGI_PARAMS, id, params.substr(0, 10), 3);  // split inside a pair, padded
  out += FcgiRecord(FCGI_PARAMS, id, params.substr(10));
  out += FcgiRecord(FCGI_PARAMS, id, "");
  if (!body.empty()) out += FcgiRecord(FCGI_STDIN, id, body);
  out += FcgiRecord(FCGI_STDIN, id, "");
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fcgi_records)

BOOST_AUTO_TEST_CASE(a_request_arriving_a_byte_at_a_time_comes_out_whole_once) {
  fcgi::RecordReader reader;
  const std::string bytes = WholeRequest(7, true, "func=whoami&out=xml", "a=1&b=2");
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    reader.Append(bytes.substr(i, 1));
    BOOST_TEST_REQUIRE((reader.Next() == Step::kMore), "byte " << i);
    BOOST_TEST(!reader.idle());
  }
  reader.Append(bytes.substr(bytes.size() - 1));
  BOOST_TEST_REQUIRE((reader.Next() == Step::kRequest));
  fcgi::Request& request = reader.request();
  BOOST_TEST(request.id == 7);
  BOOST_TEST(request.keep_connection);
  BOOST_TEST(request.Param("QUERY_STRING") == "func=whoami&out=xml");
  BOOST_TEST(request.Param("HTTP_COOKIE") == std::string(300, 'c'));
  BOOST_TEST(request.Param("MISSING").empty());
  const FcgiRead read = ReadFcgiRequest(request, 1024);
  BOOST_TEST(read.refused == nullptr);
  BOOST_TEST(read.raw.method == "POST");
  BOOST_TEST(read.raw.body == "a=1&b=2");
  BOOST_TEST((reader.Next() == Step::kMore));
  BOOST_TEST(reader.idle());
  BOOST_TEST(reader.replies().empty());
}

BOOST_AUTO_TEST_CASE(requests_follow_one_another_on_a_kept_connection) {
  fcgi::RecordReader reader;
  reader.Append(WholeRequest(1, true, "n=1", "") + WholeRequest(1, false, "n=2", ""));
  BOOST_TEST_REQUIRE((reader.Next() == Step::kRequest));
  BOOST_TEST(reader.request().Param("QUERY_STRING") == "n=1");
  BOOST_TEST_REQUIRE((reader.Next() == Step::kRequest));
  BOOST_TEST(reader.request().Param("QUERY_STRING") == "n=2");
  BOOST_TEST(!reader.request().keep_connection);
  BOOST_TEST((reader.Next() == Step::kMore));
}

BOOST_AUTO_TEST_CASE(management_records_are_answered_at_once) {
  fcgi::RecordReader reader;
  reader.Append(
      FcgiRecord(FCGI_GET_VALUES, 0, FcgiPair("FCGI_MPXS_CONNS", "") + FcgiPair("OTHER", "")));
  BOOST_TEST((reader.Next() == Step::kMore));
  BOOST_TEST(reader.replies() ==
             FcgiRecord(FCGI_GET_VALUES_RESULT, 0, FcgiPair("FCGI_MPXS_CONNS", "0")));
  reader.replies().clear();
  reader.Append(FcgiRecord(42, 0, "x"));
  BOOST_TEST((reader.Next() == Step::kMore));
  BOOST_TEST(reader.replies() ==
             FcgiRecord(FCGI_UNKNOWN_TYPE, 0, std::string{42, 0, 0, 0, 0, 0, 0, 0}));
  BOOST_TEST(reader.idle());
}

BOOST_AUTO_TEST_CASE(other_roles_a_second_request_and_aborts_end_with_end_request) {
  const auto end_request = [](unsigned id, char status) {
    return FcgiRecord(FCGI_END_REQUEST, id, std::string{0, 0, 0, 0, status, 0, 0, 0});
  };
  fcgi::RecordReader reader;
  reader.Append(Begin(3, true, FCGI_AUTHORIZER));
  BOOST_TEST((reader.Next() == Step::kMore));
  BOOST_TEST(reader.replies() == end_request(3, FCGI_UNKNOWN_ROLE));
  reader.replies().clear();

  reader.Append(Begin(4, true) + Begin(5, true));  // nginx never multiplexes
  BOOST_TEST((reader.Next() == Step::kMore));
  BOOST_TEST(reader.replies() == end_request(5, FCGI_CANT_MPX_CONN));
  reader.replies().clear();
  reader.Append(FcgiRecord(FCGI_PARAMS, 9, "ignored: another request's") +
                FcgiRecord(FCGI_ABORT_REQUEST, 4, ""));
  BOOST_TEST((reader.Next() == Step::kMore));
  BOOST_TEST(reader.replies() == end_request(4, FCGI_REQUEST_COMPLETE));
  BOOST_TEST(reader.idle());
  reader.Append(WholeRequest(6, true, "after=abort", ""));
  BOOST_TEST_REQUIRE((reader.Next() == Step::kRequest));
  BOOST_TEST(reader.request().Param("QUERY_STRING") == "after=abort");
}

// What crashed libfcgi 2.4's reader: name and value lengths that add up past 2^31.
BOOST_AUTO_TEST_CASE(lengths_past_the_record_break_the_connection_without_harm) {
  for (unsigned type : {FCGI_PARAMS, FCGI_GET_VALUES}) {
    fcgi::RecordReader reader;
    const std::string lengths =
        "\xff\xff\xff\xff\xff\xff\xff\xf0"
        "ab";
    if (type == FCGI_PARAMS) {
      reader.Append(Begin(1, true) + FcgiRecord(FCGI_PARAMS, 1, lengths) +
                    FcgiRecord(FCGI_PARAMS, 1, ""));
    } else {
      reader.Append(FcgiRecord(FCGI_GET_VALUES, 0, lengths));
    }
    BOOST_TEST((reader.Next() == Step::kBroken));
  }
  fcgi::RecordReader version;
  version.Append(std::string{2, 1, 0, 1, 0, 8, 0, 0});
  BOOST_TEST((version.Next() == Step::kBroken));
  fcgi::RecordReader short_begin;
  short_begin.Append(FcgiRecord(FCGI_BEGIN_REQUEST, 1, "abc"));
  BOOST_TEST((short_begin.Next() == Step::kBroken));
  fcgi::RecordReader stdin_first;
  stdin_first.Append(Begin(1, true) + FcgiRecord(FCGI_STDIN, 1, "x"));
  BOOST_TEST((stdin_first.Next() == Step::kBroken));
}

BOOST_AUTO_TEST_CASE(parameters_and_bodies_past_their_limits) {
  fcgi::Limits limits;
  limits.max_params_bytes = 100;
  limits.max_body_bytes = 10;
  fcgi::RecordReader params(limits);
  params.Append(Begin(1, true) + FcgiRecord(FCGI_PARAMS, 1, FcgiPair("X", std::string(120, 'x'))));
  BOOST_TEST((params.Next() == Step::kBroken));

  limits.max_params_bytes = 1000;
  fcgi::RecordReader body(limits);
  body.Append(WholeRequest(1, true, "", "0123456789abc"));
  BOOST_TEST_REQUIRE((body.Next() == Step::kRequest));
  BOOST_TEST(body.request().body_too_large);
  BOOST_TEST(ReadFcgiRequest(body.request(), 10).refused ==
             std::string("413 Request Entity Too Large"));

  fcgi::RecordReader lying(limits);  // CONTENT_LENGTH says more than came
  lying.Append(Begin(1, true) + FcgiRecord(FCGI_PARAMS, 1, FcgiPair("CONTENT_LENGTH", "5")) +
               FcgiRecord(FCGI_PARAMS, 1, "") + FcgiRecord(FCGI_STDIN, 1, "abc") +
               FcgiRecord(FCGI_STDIN, 1, ""));
  BOOST_TEST_REQUIRE((lying.Next() == Step::kRequest));
  BOOST_TEST(ReadFcgiRequest(lying.request(), 10).refused == std::string("400 Bad Request"));
}

BOOST_AUTO_TEST_CASE(a_response_is_stdout_records_of_at_most_65535_bytes_then_the_end) {
  const std::string head = "Status: 200 OK\r\n\r\n";
  const std::string body(70000, 'b');
  std::string out;
  fcgi::AppendResponse(out, 9, head, body);
  // Read back: the records' contents in order are the head and the body.
  std::string content;
  std::size_t at = 0, records = 0;
  while (at < out.size()) {
    const auto* h = reinterpret_cast<const unsigned char*>(out.data() + at);
    const std::size_t length = (h[4] << 8) | h[5];
    BOOST_TEST(((h[2] << 8) | h[3]) == 9);
    if (h[1] == FCGI_STDOUT) content += out.substr(at + 8, length);
    if (h[1] == FCGI_END_REQUEST) BOOST_TEST(at + 8 + length == out.size());
    at += 8 + length + h[6];
    ++records;
  }
  BOOST_TEST(content == head + body);
  BOOST_TEST(records == 4u);  // 65535 + the rest, the empty STDOUT, END_REQUEST
}

BOOST_AUTO_TEST_SUITE_END()
