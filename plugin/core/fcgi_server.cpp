#include "core/fcgi_server.h"

#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "base/log.h"
#include "core/fcgi_request.h"

namespace resellermgr::core {
namespace {

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

// A deadline for reading a whole request (its records and body), not only each read: a peer
// that sends one byte per second would otherwise renew the socket's read timeout forever and
// hold the worker (issue 20). The worker arms its watch before reading and disarms it before
// handling; the watchdog shuts down a connection still being read past its deadline, which
// makes libfcgi's blocked read return. The lock keeps the watchdog from touching a descriptor
// the worker has disarmed (and may close and reuse).
class ReadWatch {
 public:
  void Arm(int fd, std::chrono::steady_clock::time_point deadline) {
    std::lock_guard<std::mutex> lock(mutex_);
    fd_ = fd;
    deadline_ = deadline;
  }
  void Disarm() {
    std::lock_guard<std::mutex> lock(mutex_);
    fd_ = -1;
  }
  void CutIfLate(std::chrono::steady_clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (fd_ < 0 || now < deadline_) return;
    shutdown(fd_, SHUT_RDWR);
    fd_ = -1;
  }

 private:
  std::mutex mutex_;
  int fd_ = -1;
  std::chrono::steady_clock::time_point deadline_;
};

void Serve(FCGX_Request& request, RequestHandler& handler, const base::Config& config,
           ReadWatch& watch) {
  const FcgiRead read = ReadFcgiRequest(request, config.max_body_bytes);
  if (read.refused != nullptr) {
    Write(request, TransportError(read.refused));
    return;
  }
  watch.Disarm();
  Write(request, handler.Handle(read.raw));
}

// A connection from the listener with a receive and send timeout, or -1 (the caller decides
// whether to go on: a signal, an aborted connection, or the listener shut down).
int AcceptConnection(int listener, int timeout_seconds) {
  const int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return -1;
  const timeval timeout{timeout_seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  return fd;
}

// One worker. libfcgi reads a request's records with blocking reads and no timeout, so a peer
// that sends half a record would hold the worker for good. The worker therefore accepts each
// connection itself, with a timeout, and hands it to libfcgi open: with keepConnection set,
// FCGX_Accept_r keeps ipcFd and reads the request from it instead of accepting. libfcgi's own
// listener is a socket that never listens, so when a read times out (libfcgi then closes the
// connection and would accept the next one itself) FCGX_Accept_r returns here at once.
void Work(int listener, const std::atomic<bool>& stopping, const base::Config& config,
          RequestHandler& handler, ReadWatch& watch) {
  const int not_listening = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  FCGX_Request request;
  FCGX_InitRequest(&request, not_listening, 0);
  while (!stopping.load()) {
    if (request.ipcFd < 0) {  // else a connection the web server keeps open for more requests
      const int fd = AcceptConnection(listener, config.io_timeout_seconds);
      if (fd < 0) {
        if (stopping.load() || errno == EBADF || errno == EINVAL) break;  // the listener is shut
        if (errno != EINTR && errno != ECONNABORTED && errno != EAGAIN) {
          // Out of descriptors or memory for now: wait a little rather than lose the worker.
          LOG_ERROR("accept failed: errno " << errno);
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        continue;
      }
      request.ipcFd = fd;
      request.keepConnection = 1;  // FCGX_Accept_r must not close it before reading from it
    }
    watch.Arm(request.ipcFd,
              std::chrono::steady_clock::now() + std::chrono::seconds(config.io_timeout_seconds));
    if (FCGX_Accept_r(&request) < 0) {  // timed out, cut or malformed; libfcgi closed it
      watch.Disarm();
      continue;
    }
    Serve(request, handler, config, watch);
    watch.Disarm();
    FCGX_Finish_r(&request);
  }
  FCGX_Free(&request, 1);
  close(not_listening);
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
  std::vector<ReadWatch> watches(static_cast<std::size_t>(config_.threads));
  std::vector<std::thread> workers;
  for (int i = 0; i < config_.threads; ++i) {
    workers.emplace_back([this, socket_fd, &stopping, &watch = watches[i]] {
      std::unique_ptr<RequestHandler> handler = factory_();
      Work(socket_fd, stopping, config_, *handler, watch);
    });
  }
  workers.emplace_back([&stopping, &watches] {  // the read deadlines' watchdog
    while (!stopping.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const auto now = std::chrono::steady_clock::now();
      for (ReadWatch& watch : watches) watch.CutIfLate(now);
    }
  });
  if (background_) workers.emplace_back([this, &stopping] { background_(stopping); });
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
