// Issue 26: the workers' own FastCGI reader over the real socket, as nginx and other web servers
// use it: requests one after another on a kept connection, a connection closed after its answer
// when the server did not ask to keep it, management records answered, and a connection that
// brings nothing closed after the I/O timeout (2 s in the stack), holding no worker meanwhile.

#include <fastcgi.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "http/api.h"
#include "http/http_fixture.h"
#include "support/fcgi_wire.h"

using namespace resellermgr::testing;

namespace {

int Connect() {
  const std::string path = TestEnv("STACK_DIR") + "/app.sock";
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  path.copy(address.sun_path, sizeof address.sun_path - 1);
  BOOST_REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  return fd;
}

// A GET of `query` as a web server frames it.
std::string Request(unsigned id, bool keep, const std::string& query) {
  const std::string params = FcgiPair("REQUEST_METHOD", "GET") + FcgiPair("QUERY_STRING", query) +
                             FcgiPair("REMOTE_ADDR", "127.0.0.1") + FcgiPair("CONTENT_LENGTH", "0");
  return FcgiRecord(FCGI_BEGIN_REQUEST, id,
                    std::string{0, 1, static_cast<char>(keep), 0, 0, 0, 0, 0}) +
         FcgiRecord(FCGI_PARAMS, id, params) + FcgiRecord(FCGI_PARAMS, id, "") +
         FcgiRecord(FCGI_STDIN, id, "");
}

void Send(int fd, const std::string& bytes) {
  BOOST_REQUIRE(send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(bytes.size()));
}

// Reads `n` bytes, or fewer when the connection ends (or nothing comes for 5 s).
std::string ReadSome(int fd, std::size_t n) {
  std::string got;
  while (got.size() < n) {
    pollfd wait{fd, POLLIN, 0};
    if (poll(&wait, 1, 5000) <= 0) break;
    char buffer[4096];
    const ssize_t r = recv(fd, buffer, std::min(sizeof buffer, n - got.size()), 0);
    if (r <= 0) break;
    got.append(buffer, static_cast<std::size_t>(r));
  }
  return got;
}

struct Answer {
  unsigned type = 0;
  std::string stdout_text;  // every STDOUT record's content up to END_REQUEST
  std::string content;      // the content of the last record read (GET_VALUES_RESULT)
  bool ended = false;
};

// Records until END_REQUEST (or one management record).
Answer ReadAnswer(int fd) {
  Answer answer;
  for (;;) {
    const std::string header = ReadSome(fd, 8);
    if (header.size() < 8) return answer;
    const auto* h = reinterpret_cast<const unsigned char*>(header.data());
    const std::size_t length = (h[4] << 8) | h[5];
    answer.type = h[1];
    answer.content = ReadSome(fd, length);
    ReadSome(fd, h[6]);  // padding
    if (answer.type == FCGI_STDOUT) answer.stdout_text += answer.content;
    if (answer.type == FCGI_END_REQUEST) {
      answer.ended = true;
      return answer;
    }
    if (answer.type == FCGI_GET_VALUES_RESULT || answer.type == FCGI_UNKNOWN_TYPE) return answer;
  }
}

std::string WhoAmI() { return "func=whoami&out=xml&" + AdminAuthinfo(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(fastcgi)

BOOST_AUTO_TEST_CASE(requests_follow_one_another_on_a_kept_connection) {
  const int fd = Connect();
  for (unsigned id : {1u, 2u, 1u}) {
    Send(fd, Request(id, true, WhoAmI()));
    const Answer answer = ReadAnswer(fd);
    BOOST_TEST_REQUIRE(answer.ended);
    BOOST_TEST(answer.stdout_text.find("Status: 200") == 0u);
    BOOST_TEST(answer.stdout_text.find("<user ") != std::string::npos);
  }
  // Management records on the same connection: answered, and the connection goes on.
  Send(fd, FcgiRecord(FCGI_GET_VALUES, 0, FcgiPair(FCGI_MPXS_CONNS, "")));
  const Answer values = ReadAnswer(fd);
  BOOST_TEST(values.type == static_cast<unsigned>(FCGI_GET_VALUES_RESULT));
  BOOST_TEST(values.content == FcgiPair(FCGI_MPXS_CONNS, "0"));
  Send(fd, Request(3, true, WhoAmI()));
  BOOST_TEST(ReadAnswer(fd).ended);
  close(fd);
}

BOOST_AUTO_TEST_CASE(without_keep_conn_the_connection_ends_with_the_answer) {
  const int fd = Connect();
  Send(fd, Request(1, false, WhoAmI()));
  BOOST_TEST_REQUIRE(ReadAnswer(fd).ended);
  BOOST_TEST(ReadSome(fd, 1).empty());  // the end of the connection, not a timeout
  close(fd);
}

BOOST_AUTO_TEST_CASE(a_connection_that_brings_nothing_is_closed_after_the_io_timeout) {
  const int fd = Connect();
  const auto started = std::chrono::steady_clock::now();
  // Meanwhile the workers answer others.
  BOOST_TEST(HttpGet(Url(AdminAuthinfo() + "&func=whoami")).Xml().child("doc").child("user"));
  pollfd wait{fd, POLLIN, 0};
  BOOST_TEST_REQUIRE(poll(&wait, 1, 8000) == 1);
  char byte;
  BOOST_TEST(recv(fd, &byte, 1, 0) == 0);  // closed by the server
  const auto waited = std::chrono::steady_clock::now() - started;
  BOOST_TEST(waited >= std::chrono::milliseconds(1500));  // io_timeout_seconds is 2 in the stack
  BOOST_TEST(waited < std::chrono::seconds(6));
  close(fd);
}

BOOST_AUTO_TEST_SUITE_END()
