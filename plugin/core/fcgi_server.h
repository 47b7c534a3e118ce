#pragma once
// The FastCGI responder. Opens the listener (libfcgi's FCGX_OpenSocket), runs N worker threads
// (each with its own RequestHandler, created inside the thread) over one epoll set, and on
// SIGTERM or SIGINT stops accepting, lets in-flight requests finish, and returns.
//
// Connections stay open between requests when the web server asks (FCGI_KEEP_CONN; nginx's
// fastcgi_keep_conn with an upstream keepalive), and wait in epoll, not in a worker: a worker
// takes a connection when bytes arrive (EPOLLONESHOT: one worker at a time), reads what is there
// into the connection's fcgi::RecordReader, answers a request as soon as it is whole, and gives
// the connection back. A new connection must bring its first byte within io_timeout_seconds, a
// request must arrive whole within as long of its first byte, and its answer be sent within as
// long; a connection idle between requests is closed after kIdleSeconds (nginx's
// keepalive_timeout, 60 s by default, closes it first).

#include <atomic>
#include <functional>
#include <memory>

#include "base/config.h"
#include "core/dispatcher.h"

namespace resellermgr::core {

// Per-thread request handler (owns that thread's DB connection).
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual Response Handle(const RawRequest& raw) = 0;
};

using HandlerFactory = std::function<std::unique_ptr<RequestHandler>()>;

class FcgiServer {
 public:
  // `background`, when given, runs in a thread of its own beside the workers until the stop
  // signal (the outbox delivery); it must return soon after `stopping` turns true.
  using Background = std::function<void(const std::atomic<bool>& stopping)>;
  FcgiServer(const base::Config& config, HandlerFactory factory, Background background = nullptr)
      : config_(config), factory_(std::move(factory)), background_(std::move(background)) {}

  // Blocks until a stop signal; throws std::runtime_error if the listener cannot be opened.
  void Run();

 private:
  const base::Config& config_;
  HandlerFactory factory_;
  Background background_;
};

}  // namespace resellermgr::core
