#pragma once
// What one FastCGI request carries, read from libfcgi: the CGI parameters the server uses and
// the whole body. Beside fcgi_server.cpp (which owns the workers) so the read can be fuzzed
// over raw FastCGI records (tests/fuzz/fcgi_fuzz.cpp).

#include <fcgiapp.h>

#include <cstddef>

#include "core/request.h"

namespace resellermgr::core {

struct FcgiRead {
  RawRequest raw;
  // "413 Request Entity Too Large" (CONTENT_LENGTH over the limit) or "400 Bad Request" (a
  // body shorter than CONTENT_LENGTH says, or unreadable); nullptr when `raw` is the request.
  const char* refused = nullptr;
};

// `request` has been accepted (FCGX_Accept_r); reads its parameters and its body.
FcgiRead ReadFcgiRequest(FCGX_Request& request, std::size_t max_body_bytes);

}  // namespace resellermgr::core
