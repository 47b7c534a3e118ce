#include "core/fcgi_request.h"

#include <charconv>
#include <string>

namespace resellermgr::core {
namespace {

std::string Env(const FCGX_Request& request, const char* name) {
  const char* value = FCGX_GetParam(name, request.envp);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

FcgiRead ReadFcgiRequest(FCGX_Request& request, std::size_t max_body_bytes) {
  FcgiRead read;
  RawRequest& raw = read.raw;
  raw.method = Env(request, "REQUEST_METHOD");
  raw.query = Env(request, "QUERY_STRING");
  raw.content_type = Env(request, "CONTENT_TYPE");
  raw.cookie_header = Env(request, "HTTP_COOKIE");
  raw.accept = Env(request, "HTTP_ACCEPT");
  raw.remote_addr = Env(request, "REMOTE_ADDR");
  raw.host = Env(request, "HTTP_HOST");
  raw.origin = Env(request, "HTTP_ORIGIN");
  raw.fetch_site = Env(request, "HTTP_SEC_FETCH_SITE");
  raw.authorization = Env(request, "HTTP_AUTHORIZATION");
  raw.https = Env(request, "HTTPS") == "on";

  // CONTENT_LENGTH is digits (CGI 1.1) or absent; anything else is a bad request, not zero.
  const std::string length_text = Env(request, "CONTENT_LENGTH");
  std::size_t length = 0;
  if (!length_text.empty()) {
    const char* end = length_text.data() + length_text.size();
    const auto [stop, error] = std::from_chars(length_text.data(), end, length);
    if (error == std::errc::result_out_of_range) {
      read.refused = "413 Request Entity Too Large";
      return read;
    }
    if (error != std::errc() || stop != end) {
      read.refused = "400 Bad Request";
      return read;
    }
  }
  if (length > max_body_bytes) {
    read.refused = "413 Request Entity Too Large";
    return read;
  }
  raw.body.resize(length);
  const int got = FCGX_GetStr(raw.body.data(), static_cast<int>(length), request.in);
  if (got < 0 || static_cast<std::size_t>(got) != length) read.refused = "400 Bad Request";
  return read;
}

}  // namespace resellermgr::core
