// FastCGI requests as nginx frames them, with anything at all in them, read the way a worker
// reads them: libfcgi reassembles the records (begin request, parameter name-value pairs split
// across records at any point, padding, stdin), core/fcgi_request.h takes the CGI parameters
// and the body, and core/request.h builds the request (parameters, cookies, host, origin,
// bearer token). The framing is nginx's (only nginx reaches the socket); what clients control
// is the content: every parameter name and value, and the body.
//
// The input is split at 0x00 bytes: a control part (record size, padding, keep-connection,
// a GET_VALUES record first), then names and values in turn; an unpaired last part is the
// body. Property: a request read whole has the body its CONTENT_LENGTH promised, never more
// than the limit; a request built has only valid UTF-8 parameters.
//
// Raw framing from a hostile peer crashes libfcgi 2.4 itself (tests/fuzz/known/README.md).

#include <fcgiapp.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.h"
#include "base/text.h"
#include "core/fcgi_request.h"
#include "core/request.h"
#include "fuzz/fuzz.h"

namespace {

constexpr std::size_t kMaxBody = 16384;
constexpr std::size_t kMaxInput = 32768;  // the stream stays well inside a socket pair's buffer

void Record(std::string& out, unsigned type, std::string_view content, unsigned padding) {
  const char header[8] = {1,
                          static_cast<char>(type),
                          0,
                          1,
                          static_cast<char>(content.size() >> 8),
                          static_cast<char>(content.size() & 0xff),
                          static_cast<char>(padding),
                          0};
  out.append(header, 8);
  out += content;
  out.append(padding, '\0');
}

// `content` as records of at most `size` bytes, then the empty record that ends the stream.
void Stream(std::string& out, unsigned type, std::string_view content, std::size_t size,
            unsigned padding) {
  for (std::size_t at = 0; at < content.size(); at += size)
    Record(out, type, content.substr(at, size), padding);
  Record(out, type, "", 0);
}

void Length(std::string& out, std::size_t length) {
  if (length < 128) {
    out += static_cast<char>(length);
    return;
  }
  out += static_cast<char>(0x80 | (length >> 24));
  out += static_cast<char>((length >> 16) & 0xff);
  out += static_cast<char>((length >> 8) & 0xff);
  out += static_cast<char>(length & 0xff);
}

// The byte stream nginx would send for the parts of `input`.
std::string Frame(std::string_view input) {
  std::vector<std::string_view> parts;
  for (std::size_t at = 0;;) {
    const std::size_t end = input.find('\0', at);
    parts.push_back(input.substr(at, end == std::string_view::npos ? end : end - at));
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  const std::string_view control = parts.front();
  const auto at = [&control](std::size_t i) {
    return i < control.size() ? static_cast<unsigned char>(control[i]) : 0u;
  };
  const std::size_t size = at(0) == 0 ? 65535 : at(0);
  const unsigned padding = at(1) % 8, flags = at(2);
  std::string pairs;
  std::size_t i = 1;
  for (; i + 1 < parts.size(); i += 2) {
    Length(pairs, parts[i].size());
    Length(pairs, parts[i + 1].size());
    pairs += parts[i];
    pairs += parts[i + 1];
  }
  const std::string_view body = i < parts.size() ? parts[i] : std::string_view();

  std::string out;
  if (flags & 2) Record(out, 9, "\x0e\x00FCGI_MAX_CONNS", 2);  // nginx never asks, others may
  Record(out, 1, std::string("\0\1", 2) + static_cast<char>(flags & 1) + std::string(5, '\0'), 0);
  Stream(out, 4, pairs, size, padding);
  Stream(out, 5, body, size, padding);
  return out;
}

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
  const std::string stream = Frame(AsText(data, size));
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) std::abort();
  // nginx's side: the whole request, then nothing more. The worker's side never blocks.
  for (std::size_t written = 0; written < stream.size();) {
    const ssize_t n = write(ends[0], stream.data() + written, stream.size() - written);
    if (n <= 0) std::abort();
    written += static_cast<std::size_t>(n);
  }
  shutdown(ends[0], SHUT_WR);
  fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK);

  FCGX_Request request;
  FCGX_InitRequest(&request, not_listening, 0);
  request.ipcFd = ends[1];
  request.keepConnection = 1;
  FUZZ_CHECK(FCGX_Accept_r(&request) >= 0);  // well framed: always a request
  const resellermgr::core::FcgiRead read = resellermgr::core::ReadFcgiRequest(request, kMaxBody);
  if (read.refused == nullptr) {
    FUZZ_CHECK(read.raw.body.size() <= kMaxBody);
    Build(read.raw);
  }
  FCGX_Finish_r(&request);
  FCGX_Free(&request, 1);
  if (request.ipcFd >= 0) close(request.ipcFd);
  close(ends[0]);
  return 0;
}
