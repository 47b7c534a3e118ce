#include "core/fcgi_server.h"

#include <fcgiapp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/log.h"

namespace resellermgr::core {
namespace {

std::string Env(const FCGX_Request& request, const char* name) {
  const char* value = FCGX_GetParam(name, request.envp);
  return value == nullptr ? std::string() : std::string(value);
}

void Write(FCGX_Request& request, const Response& response) {
  std::string head = "Status: " + response.status + "\r\n";
  for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  FCGX_PutStr(head.data(), static_cast<int>(head.size()), request.out);
  FCGX_PutStr(response.body.data(), static_cast<int>(response.body.size()), request.out);
}

Response TransportError(const char* status) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/plain");
  response.body = std::string(status) + "\n";
  return response;
}

void Serve(FCGX_Request& request, RequestHandler& handler, const Config& config) {
  RawRequest raw;
  raw.method = Env(request, "REQUEST_METHOD");
  raw.query = Env(request, "QUERY_STRING");
  raw.content_type = Env(request, "CONTENT_TYPE");
  raw.cookie_header = Env(request, "HTTP_COOKIE");
  raw.accept = Env(request, "HTTP_ACCEPT");
  raw.remote_addr = Env(request, "REMOTE_ADDR");
  raw.https = Env(request, "HTTPS") == "on";

  const std::string length_text = Env(request, "CONTENT_LENGTH");
  const unsigned long long length =
      length_text.empty() ? 0 : std::strtoull(length_text.c_str(), nullptr, 10);
  if (length > config.max_body_bytes) {
    Write(request, TransportError("413 Request Entity Too Large"));
    return;
  }
  raw.body.resize(length);
  const int read = FCGX_GetStr(raw.body.data(), static_cast<int>(length), request.in);
  if (read < 0 || static_cast<unsigned long long>(read) != length) {
    Write(request, TransportError("400 Bad Request"));
    return;
  }
  Write(request, handler.Handle(raw));
}

}  // namespace

void FcgiServer::Run() {
  if (FCGX_Init() != 0) throw std::runtime_error("FCGX_Init failed");
  const bool unix_socket = config_.listen.find(':') == std::string::npos;
  if (unix_socket) unlink(config_.listen.c_str());  // a stale socket from an unclean stop
  const int socket_fd = FCGX_OpenSocket(config_.listen.c_str(), config_.backlog);
  if (socket_fd < 0) throw std::runtime_error("cannot listen on " + config_.listen);
  if (unix_socket && chmod(config_.listen.c_str(), static_cast<mode_t>(config_.socket_mode)) != 0) {
    throw std::runtime_error("cannot chmod " + config_.listen);
  }

  // Workers inherit this mask; only this thread receives the stop signals (sigwait below), and
  // a client gone mid-reply gives EPIPE instead of killing the process.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::atomic<bool> stopping{false};
  std::vector<std::thread> workers;
  for (int i = 0; i < config_.threads; ++i) {
    workers.emplace_back([this, socket_fd, &stopping] {
      std::unique_ptr<RequestHandler> handler = factory_();
      FCGX_Request request;
      FCGX_InitRequest(&request, socket_fd, 0);
      while (!stopping.load() && FCGX_Accept_r(&request) >= 0) {
        Serve(request, *handler, config_);
        FCGX_Finish_r(&request);
      }
      FCGX_Free(&request, 0);
    });
  }
  LOG_INFO("listening on " << config_.listen << " with " << config_.threads << " workers");

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  int received = 0;
  sigwait(&stop_signals, &received);
  LOG_INFO("signal " << received << ": finishing in-flight requests");

  stopping = true;
  FCGX_ShutdownPending();
  // Wakes the workers blocked in accept(); a worker inside a request finishes it first.
  shutdown(socket_fd, SHUT_RDWR);
  for (std::thread& worker : workers) worker.join();
  close(socket_fd);
  if (unix_socket) unlink(config_.listen.c_str());
  LOG_INFO("stopped");
}

}  // namespace resellermgr::core
