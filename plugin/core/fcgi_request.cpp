#include "core/fcgi_request.h"

#include <charconv>
#include <string>

namespace resellermgr::core {

FcgiRead ReadFcgiRequest(fcgi::Request& request, std::size_t max_body_bytes) {
  FcgiRead read;
  RawRequest& raw = read.raw;
  const auto param = [&request](std::string_view name) { return std::string(request.Param(name)); };
  raw.method = param("REQUEST_METHOD");
  raw.query = param("QUERY_STRING");
  raw.content_type = param("CONTENT_TYPE");
  raw.cookie_header = param("HTTP_COOKIE");
  raw.accept = param("HTTP_ACCEPT");
  raw.remote_addr = param("REMOTE_ADDR");
  raw.host = param("HTTP_HOST");
  raw.origin = param("HTTP_ORIGIN");
  raw.fetch_site = param("HTTP_SEC_FETCH_SITE");
  raw.authorization = param("HTTP_AUTHORIZATION");
  raw.user_agent = param("HTTP_USER_AGENT");
  raw.https = request.Param("HTTPS") == "on";

  // CONTENT_LENGTH is digits (CGI 1.1) or absent; anything else is a bad request, not zero.
  const std::string_view length_text = request.Param("CONTENT_LENGTH");
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
  if (length > max_body_bytes || request.body_too_large) {
    read.refused = "413 Request Entity Too Large";
    return read;
  }
  if (request.body.size() != length) {
    read.refused = "400 Bad Request";
    return read;
  }
  raw.body.swap(request.body);
  return read;
}

}  // namespace resellermgr::core
