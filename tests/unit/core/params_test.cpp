#include "core/params.h"

#include <boost/test/unit_test.hpp>

#include "base/errors.h"

using namespace resellermgr::core;
using namespace resellermgr::base;

namespace {

ParsedParams Parse(std::string_view query, std::string_view body = {}, std::string_view type = {},
                   ParamLimits limits = {}) {
  return ParseRequestParams(query, body, type, limits);
}

// True when `fn` throws a PluginError of `kind` about `object`.
template <typename Fn>
bool ThrowsValueError(Fn fn, const std::string& object) {
  try {
    fn();
  } catch (const PluginError& e) {
    return e.kind() == ErrorKind::kInvalidValue && e.object() == object;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(params)

BOOST_AUTO_TEST_CASE(plus_and_percent_escapes_are_decoded) {
  auto p = Parse("fullname=John+Smith&email=a%40b.c&name=%D1%80%D0%B5%D1%81");
  BOOST_TEST(p.values.at("fullname") == "John Smith");
  BOOST_TEST(p.values.at("email") == "a@b.c");
  BOOST_TEST(p.values.at("name") == "рес");
}

BOOST_AUTO_TEST_CASE(unencoded_literals_pass_through) {
  auto p = Parse("authinfo=admin:p@ss/w0rd&url=http://x/y?z");
  BOOST_TEST(p.values.at("authinfo") == "admin:p@ss/w0rd");
  BOOST_TEST(p.values.at("url") == "http://x/y?z");
}

BOOST_AUTO_TEST_CASE(malformed_percent_encoding_names_the_parameter) {
  BOOST_TEST(ThrowsValueError([] { Parse("name=abc%"); }, "name"));
  BOOST_TEST(ThrowsValueError([] { Parse("name=abc%4"); }, "name"));
  BOOST_TEST(ThrowsValueError([] { Parse("name=%zz"); }, "name"));
  BOOST_TEST(ThrowsValueError([] { Parse("na%gme=1"); }, "request"));
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_rejected_and_valid_utf8_kept) {
  BOOST_TEST(ThrowsValueError([] { Parse("name=%FF"); }, "name"));
  BOOST_TEST(ThrowsValueError([] { Parse("name=%C0%AF"); }, "name"));        // overlong '/'
  BOOST_TEST(ThrowsValueError([] { Parse("name=%ED%A0%80"); }, "name"));     // UTF-16 surrogate
  BOOST_TEST(ThrowsValueError([] { Parse("name=%F4%90%80%80"); }, "name"));  // past U+10FFFF
  BOOST_TEST(ThrowsValueError([] { Parse("name=a%00b"); }, "name"));         // NUL
  BOOST_TEST(ThrowsValueError([] { Parse("name=%E2%82"); }, "name"));        // truncated
  BOOST_TEST(Parse("name=%F0%9F%98%80").values.at("name") == "\xF0\x9F\x98\x80");
}

BOOST_AUTO_TEST_CASE(characters_xml_cannot_carry_are_rejected) {
  BOOST_TEST(ThrowsValueError([] { Parse("fullname=a%01b"); }, "fullname"));
  BOOST_TEST(ThrowsValueError([] { Parse("fullname=a%1Fb"); }, "fullname"));
  BOOST_TEST(ThrowsValueError([] { Parse("fullname=a%0Bb"); }, "fullname"));       // vertical tab
  BOOST_TEST(ThrowsValueError([] { Parse("fullname=a%EF%BF%BE"); }, "fullname"));  // U+FFFE
  BOOST_TEST(ThrowsValueError([] { Parse("fullname=%EF%BF%BF"); }, "fullname"));   // U+FFFF
  BOOST_TEST(ThrowsValueError([] { Parse("na%01me=1"); }, "request"));
  // Tab, line breaks and the characters around U+FFFE stay.
  BOOST_TEST(Parse("comment=a%09b%0D%0Ac").values.at("comment") == "a\tb\r\nc");
  BOOST_TEST(Parse("comment=%EF%BF%BD%EF%BF%BC").values.at("comment") == "\uFFFD\uFFFC");
}

BOOST_AUTO_TEST_CASE(del_and_c1_controls_are_rejected_and_their_neighbours_kept) {
  BOOST_TEST(ThrowsValueError([] { Parse("fullname=a%7Fb"); }, "fullname"));     // DEL
  BOOST_TEST(ThrowsValueError([] { Parse("fullname=a%C2%80b"); }, "fullname"));  // U+0080
  BOOST_TEST(ThrowsValueError([] { Parse("fullname=a%C2%9Fb"); }, "fullname"));  // U+009F
  BOOST_TEST(ThrowsValueError([] { Parse("na%7Fme=1"); }, "request"));
  BOOST_TEST(Parse("fullname=~%C2%A0%C3%A9").values.at("fullname") == "~\u00A0\u00E9");
}

BOOST_AUTO_TEST_CASE(repeated_names_are_joined_with_comma_space) {
  auto p = Parse("elid=a&elid=b&elid=c");
  BOOST_TEST(p.values.at("elid") == "a, b, c");
}

BOOST_AUTO_TEST_CASE(body_and_query_are_merged_and_body_wins) {
  auto p =
      Parse("func=whoami&out=xml", "out=json&authinfo=a:b", "application/x-www-form-urlencoded");
  BOOST_TEST(p.values.at("func") == "whoami");
  BOOST_TEST(p.values.at("out") == "json");
  BOOST_TEST(p.values.at("authinfo") == "a:b");
}

BOOST_AUTO_TEST_CASE(flag_without_value_and_empty_segments) {
  auto p = Parse("&&sok&func=x&");
  BOOST_TEST(p.values.at("sok") == "");
  BOOST_TEST(p.values.size() == 2u);
}

BOOST_AUTO_TEST_CASE(oversized_values_and_too_many_params_are_rejected) {
  ParamLimits limits;
  limits.max_field_bytes = 8;
  limits.max_params = 3;
  BOOST_TEST(ThrowsValueError([&] { Parse("name=123456789", {}, {}, limits); }, "name"));
  BOOST_TEST(ThrowsValueError([&] { Parse("a=1&b=2&c=3&d=4", {}, {}, limits); }, "request"));
  BOOST_TEST(ThrowsValueError([&] { Parse("e=1234&e=5678", {}, {}, limits); }, "e"));
  BOOST_TEST(Parse("name=12345678", {}, {}, limits).values.at("name") == "12345678");
}

BOOST_AUTO_TEST_CASE(multipart_fields_and_files) {
  const std::string body =
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"func\"\r\n\r\n"
      "whoami\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
      "line one\r\nline two\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"upload\"; filename=\"u.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n"
      "a,b\r\n1,2\r\n"
      "--XyZ--\r\n";
  auto p = Parse("out=xml", body, "multipart/form-data; boundary=XyZ");
  BOOST_TEST(p.values.at("func") == "whoami");
  BOOST_TEST(p.values.at("note") == "line one\r\nline two");
  BOOST_TEST(p.values.at("out") == "xml");
  BOOST_REQUIRE(p.files.size() == 1u);
  BOOST_TEST(p.files[0].filename == "u.csv");
  BOOST_TEST(p.files[0].content_type == "text/csv");
  BOOST_TEST(p.files[0].data == "a,b\r\n1,2");
}

BOOST_AUTO_TEST_CASE(malformed_multipart_and_unknown_content_types_are_rejected) {
  BOOST_TEST(ThrowsValueError(
      [] { Parse("", "--XyZ\r\nno end", "multipart/form-data; boundary=XyZ"); }, "request"));
  BOOST_TEST(ThrowsValueError([] { Parse("", "x", "multipart/form-data"); }, "request"));
  BOOST_TEST(ThrowsValueError([] { Parse("", "{}", "application/json"); }, "request"));
  BOOST_TEST(ThrowsValueError(
      [] {
        Parse("", "--B\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n\xff\r\n--B--",
              "multipart/form-data; boundary=B");
      },
      "n"));
}

BOOST_AUTO_TEST_CASE(cookies_are_split_and_trimmed) {
  auto cookies = ParseCookies("a=1; resellermgr_ses=abc ;broken; b=x=y");
  BOOST_TEST(cookies.at("a") == "1");
  BOOST_TEST(cookies.at("resellermgr_ses") == "abc");
  BOOST_TEST(cookies.at("b") == "x=y");
  BOOST_TEST(cookies.count("broken") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
