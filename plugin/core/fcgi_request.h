#pragma once
// What one FastCGI request carries for the dispatcher: the CGI parameters the server uses and the
// whole body, checked against CONTENT_LENGTH. Beside fcgi_server.cpp (which owns the connections)
// so the read can be fuzzed over raw FastCGI records (tests/fuzz/fcgi_fuzz.cpp).

#include <cstddef>

#include "core/fcgi_records.h"
#include "core/request.h"

namespace resellermgr::core {

struct FcgiRead {
  RawRequest raw;
  // "413 Request Entity Too Large" (CONTENT_LENGTH or the body over the limit) or "400 Bad
  // Request" (a body other than CONTENT_LENGTH says); nullptr when `raw` is the request.
  const char* refused = nullptr;
};

// Takes the body out of `request`.
FcgiRead ReadFcgiRequest(fcgi::Request& request, std::size_t max_body_bytes);

}  // namespace resellermgr::core
