// FastCGI records as the web server sends them, read the way a worker reads them: libfcgi
// parses the records (begin request, parameter name-value pairs, stdin), core/fcgi_request.h
// takes the CGI parameters and the body, and core/request.h builds the request (parameters,
// cookies, host, origin, bearer token). The input is the byte stream of one connection.
// Property: a request read whole has the body its CONTENT_LENGTH promised, never more than
// the limit; a request built has only valid UTF-8 parameters.

#include <fcgiapp.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "base/errors.h"
#include "base/text.h"
#include "core/fcgi_request.h"
#include "core/request.h"
#include "fuzz/fuzz.h"

namespace {

constexpr std::size_t kMaxBody = 16384;
constexpr std::size_t kMaxInput = 65536;  // well inside a socket pair's buffer

void Build(const resellermgr::core::RawRequest& raw) {
  resellermgr::core::ParamLimits limits;
  limits.max_params = 64;
  limits.max_field_bytes = 4096;
  limits.max_file_bytes = 8192;
  try {
    const resellermgr::core::Request request = resellermgr::core::Request::Parse(raw, limits);
    for (const auto& [name, value] : request.params()) {
      FUZZ_CHECK(resellermgr::base::IsValidUtf8(name));
      FUZZ_CHECK(resellermgr::base::IsValidUtf8(value));
    }
    (void)request.BearerToken();
    (void)request.CrossSite();
    (void)request.out();
  } catch (const resellermgr::base::PluginError&) {
    // refused with a typed error: what the server answers
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  static const int not_listening = [] {
    if (FCGX_Init() != 0) std::abort();
    return socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  }();
  if (size > kMaxInput) return 0;
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) std::abort();
  // The web server's side: everything it sends, then nothing more. The worker's side never
  // blocks (management records make libfcgi answer, and nobody reads the answers).
  for (std::size_t written = 0; written < size;) {
    const ssize_t n = write(ends[0], data + written, size - written);
    if (n <= 0) std::abort();
    written += static_cast<std::size_t>(n);
  }
  shutdown(ends[0], SHUT_WR);
  fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK);

  FCGX_Request request;
  FCGX_InitRequest(&request, not_listening, 0);
  request.ipcFd = ends[1];
  request.keepConnection = 1;
  if (FCGX_Accept_r(&request) >= 0) {
    const resellermgr::core::FcgiRead read = resellermgr::core::ReadFcgiRequest(request, kMaxBody);
    if (read.refused == nullptr) {
      FUZZ_CHECK(read.raw.body.size() <= kMaxBody);
      Build(read.raw);
    }
    FCGX_Finish_r(&request);
  }
  FCGX_Free(&request, 1);
  if (request.ipcFd >= 0) close(request.ipcFd);
  close(ends[0]);
  return 0;
}
