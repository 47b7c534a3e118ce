#pragma once
// The FastCGI wire protocol (FastCGI 1.0, the record layout of libfcgi's fastcgi.h), without
// sockets: a connection's bytes go into a RecordReader, whole requests come out; responses are
// appended as records to a buffer the caller sends. Ours rather than libfcgi's reader because
// that one trusts the peer's lengths (tests/fuzz/corpus/fcgi/libfcgi-*) and blocks its thread on
// one connection until a request is whole; this one is fed what has arrived, so kept-alive
// connections wait in epoll, not in a worker (core/fcgi_server.cpp).
//
// A connection carries one request at a time (FCGI_MPXS_CONNS is 0, as nginx expects):
// BEGIN_REQUEST (responder role), PARAMS records up to an empty one, STDIN records up to an
// empty one. Management records (request id 0) are answered at once: GET_VALUES with our values,
// anything else UNKNOWN_TYPE. A BEGIN_REQUEST for another role, or for a second request while one
// is open, is refused with END_REQUEST; ABORT_REQUEST drops the open request. Records for other
// request ids are ignored (the specification's rule). What no peer may send (another version, a
// BEGIN_REQUEST body of the wrong size, parameters past the limit or malformed, a server's record
// type, stdin before the parameters end) breaks the connection: the caller closes it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace resellermgr::core::fcgi {

struct Limits {
  std::size_t max_params_bytes = 256 * 1024;  // nginx sends at most its header buffers' worth
  std::size_t max_body_bytes = 1024 * 1024;   // past it the body is read and dropped
};

// One request as the web server sent it. Views point into the request's own buffer.
struct Request {
  std::uint16_t id = 0;
  bool keep_connection = false;
  std::vector<std::pair<std::string_view, std::string_view>> params;
  std::string body;
  bool body_too_large = false;  // more stdin than Limits::max_body_bytes; `body` is cut short
  // The parameter's value, empty when absent.
  std::string_view Param(std::string_view name) const;

 private:
  friend class RecordReader;
  std::string params_block_;
};

class RecordReader {
 public:
  explicit RecordReader(Limits limits = {}) : limits_(limits) {}

  // Room for `size` more bytes from the connection; then Received(n) with how many were read.
  char* Space(std::size_t size);
  void Received(std::size_t size) { end_ += size; }
  void Append(std::string_view bytes) { Received(bytes.copy(Space(bytes.size()), bytes.size())); }

  enum class Step {
    kMore,     // every whole record is used; wait for more bytes
    kRequest,  // request() is whole; answer it, then call Next again
    kBroken,   // the peer broke the protocol: close the connection
  };
  // Reads the records that have arrived whole.
  Step Next();
  Request& request() { return request_; }
  // Records to send back now (management answers, refused or aborted requests); the caller
  // sends and clears them.
  std::string& replies() { return replies_; }
  // No part of a request has arrived (between requests, no bytes waiting).
  bool idle() const { return state_ == State::kIdle && begin_ == end_; }

 private:
  enum class State { kIdle, kParams, kStdin, kAnswering };
  Step Record(std::uint8_t type, std::uint16_t id, std::string_view content);
  Step Management(std::uint8_t type, std::string_view content);
  void Forget();  // drops the open request, keeping the buffers' room

  Limits limits_;
  std::string buffer_;  // storage; the bytes not used yet are [begin_, end_)
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  State state_ = State::kIdle;
  Request request_;
  std::string replies_;
};

// Splits FastCGI name-value pairs; false when a length points past the end.
bool ParsePairs(std::string_view block,
                std::vector<std::pair<std::string_view, std::string_view>>& pairs);

// Appends a response to `out`: `head` and `body` as STDOUT records, the empty STDOUT record that
// ends the stream, and END_REQUEST (application status 0, request complete).
void AppendResponse(std::string& out, std::uint16_t id, std::string_view head,
                    std::string_view body);

}  // namespace resellermgr::core::fcgi
