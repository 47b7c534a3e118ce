#pragma once
// The only code that sees libfcgi. Opens the listener, runs N worker threads (each with its own
// FCGX_Request and its own RequestHandler, created inside the thread), and on SIGTERM or SIGINT
// stops accepting, lets in-flight requests finish, and returns.

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
