#include "core/fcgi_server.h"

#include <errno.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "base/log.h"
#include "core/fcgi_records.h"
#include "core/fcgi_request.h"

namespace resellermgr::core {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kIdleSeconds = 120;
constexpr std::size_t kReadChunk = 64 * 1024;

long long Nanoseconds(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// A Connection::deadline `seconds` from now.
long long DeadlineIn(int seconds) {
  return Nanoseconds(Clock::now() + std::chrono::seconds(seconds));
}

// One connection from the web server. One worker at a time holds it: the one epoll handed it
// to, until that worker arms it again or closes it.
struct Connection {
  Connection(int descriptor, const fcgi::Limits& limits) : fd(descriptor), reader(limits) {}
  const int fd;
  fcgi::RecordReader reader;
  // When the sweeper cuts it (steady clock, ns; 0: never): the read deadline of a request
  // arriving, the idle limit between requests; none while a request is answered.
  std::atomic<long long> deadline{0};
  bool request_arriving = false;  // the deadline is a request's, set at its first bytes
};

// Every open connection, for the sweeper. A connection leaves before its descriptor is closed,
// under the same lock the sweeper cuts under, so the sweeper never touches a reused descriptor.
class Connections {
 public:
  void Add(Connection* connection) {
    std::lock_guard lock(mutex_);
    open_.insert(connection);
  }
  void Close(Connection* connection) {
    {
      std::lock_guard lock(mutex_);
      open_.erase(connection);
    }
    close(connection->fd);
    delete connection;
  }
  // Shuts down the connections past their deadline; the worker epoll gives each to next reads
  // the end and closes it.
  void CutLate(Clock::time_point now) {
    const long long at = Nanoseconds(now);
    std::lock_guard lock(mutex_);
    for (Connection* connection : open_) {
      const long long deadline = connection->deadline.load();
      if (deadline == 0 || at < deadline) continue;
      shutdown(connection->fd, SHUT_RDWR);
      connection->deadline = 0;
    }
  }
  void CloseAll() {
    std::lock_guard lock(mutex_);
    for (Connection* connection : open_) {
      close(connection->fd);
      delete connection;
    }
    open_.clear();
  }

 private:
  std::mutex mutex_;
  std::unordered_set<Connection*> open_;
};

// Sends all of `data` before `deadline` on a non-blocking socket.
bool SendAll(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    const ssize_t sent = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && errno != EAGAIN) return false;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd wait{fd, POLLOUT, 0};
    if (poll(&wait, 1, static_cast<int>(left)) < 0 && errno != EINTR) return false;
  }
  return true;
}

void AppendHead(std::string& head, const Response& response) {
  head.append("Status: ").append(response.status).append("\r\n");
  for (const auto& [name, value] : response.headers)
    head.append(name).append(": ").append(value).append("\r\n");
  head.append("\r\n");
}

Response TransportError(const char* status) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/plain");
  response.body = std::string(status) + "\n";
  return response;
}

struct Buffers {
  std::string head, out;
};

class Server {
 public:
  Server(const base::Config& config, int listener, Connections& connections)
      : config_(config), listener_(listener), connections_(connections) {
    limits_.max_body_bytes = config.max_body_bytes;
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    wake_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epoll_ < 0 || wake_ < 0) throw std::runtime_error("cannot create the epoll set");
    Watch(EPOLL_CTL_ADD, listener_, &listener_, EPOLLIN | EPOLLONESHOT);
    Watch(EPOLL_CTL_ADD, wake_, &wake_, EPOLLIN);  // never read: wakes every worker for good
  }
  ~Server() {
    close(epoll_);
    close(wake_);
  }

  // Wakes the workers to return (after the request each may be answering).
  void Stop() {
    stopping_ = true;
    const std::uint64_t one = 1;
    (void)!write(wake_, &one, sizeof one);
  }
  // The stop flag the sweeper and the background thread watch too.
  const std::atomic<bool>& stopping() const { return stopping_; }

  void Work(RequestHandler& handler) {
    Buffers buffers;  // the worker's reply, its room kept from request to request
    while (!stopping_.load()) {
      epoll_event event{};
      const int ready = epoll_wait(epoll_, &event, 1, -1);
      if (ready < 0 && errno != EINTR) {
        LOG_ERROR("epoll_wait failed: errno " << errno);
        return;
      }
      if (ready <= 0 || event.data.ptr == &wake_) continue;
      if (event.data.ptr == &listener_) {
        AcceptAll();
        continue;
      }
      auto* connection = static_cast<Connection*>(event.data.ptr);
      if (Serve(*connection, handler, buffers)) {
        Watch(EPOLL_CTL_MOD, connection->fd, connection, EPOLLIN | EPOLLRDHUP | EPOLLONESHOT);
      } else {
        connections_.Close(connection);
      }
    }
  }

 private:
  void Watch(int operation, int fd, void* tag, std::uint32_t events) {
    epoll_event event{};
    event.events = events;
    event.data.ptr = tag;
    if (epoll_ctl(epoll_, operation, fd, &event) != 0)
      LOG_ERROR("epoll_ctl failed: errno " << errno);
  }

  void AcceptAll() {
    for (int taken = 0; taken < 64; ++taken) {
      const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno != EAGAIN && !stopping_.load()) {
          // Out of descriptors or memory for now: wait a little rather than spin.
          LOG_ERROR("accept failed: errno " << errno);
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        break;
      }
      auto* connection = new Connection(fd, limits_);
      // The web server sends a request as soon as it connects: the first must come within the
      // I/O timeout, as a request's rest must; only between requests may a connection idle.
      connection->deadline = DeadlineIn(config_.io_timeout_seconds);
      connections_.Add(connection);
      Watch(EPOLL_CTL_ADD, fd, connection, EPOLLIN | EPOLLRDHUP | EPOLLONESHOT);
    }
    Watch(EPOLL_CTL_MOD, listener_, &listener_, EPOLLIN | EPOLLONESHOT);
  }

  // Reads what has arrived and answers every request that is whole. False when the connection
  // is to be closed: the peer closed it or broke the protocol, a reply could not be sent, or
  // the web server did not ask to keep it.
  bool Serve(Connection& connection, RequestHandler& handler, Buffers& buffers) {
    fcgi::RecordReader& reader = connection.reader;
    for (;;) {
      const ssize_t got = recv(connection.fd, reader.Space(kReadChunk), kReadChunk, 0);
      if (got == 0) return false;
      if (got < 0) {
        if (errno == EINTR) continue;
        if (errno != EAGAIN) return false;
        break;
      }
      reader.Received(static_cast<std::size_t>(got));
      Arriving(connection);
      for (;;) {
        const fcgi::RecordReader::Step step = reader.Next();
        if (!reader.replies().empty()) {
          const bool sent = SendAll(connection.fd, reader.replies(), Deadline());
          reader.replies().clear();
          if (!sent) return false;
        }
        if (step == fcgi::RecordReader::Step::kBroken) return false;
        if (step == fcgi::RecordReader::Step::kMore) break;
        connection.deadline = 0;  // answering: the send has its own deadline
        if (!Answer(connection, handler, buffers)) return false;
        connection.request_arriving = false;
      }
      if (reader.idle()) {
        connection.request_arriving = false;
        connection.deadline = DeadlineIn(kIdleSeconds);
      } else {
        Arriving(connection);  // the rest of a next request
      }
    }
    return true;
  }

  // Part of a request has come: it must be whole within the I/O timeout of its first bytes.
  void Arriving(Connection& connection) const {
    if (connection.request_arriving) return;
    connection.request_arriving = true;
    connection.deadline = DeadlineIn(config_.io_timeout_seconds);
  }

  bool Answer(Connection& connection, RequestHandler& handler, Buffers& buffers) {
    fcgi::Request& request = connection.reader.request();
    FcgiRead read = ReadFcgiRequest(request, config_.max_body_bytes);
    const Response response =
        read.refused != nullptr ? TransportError(read.refused) : handler.Handle(read.raw);
    buffers.head.clear();
    AppendHead(buffers.head, response);
    buffers.out.clear();
    fcgi::AppendResponse(buffers.out, request.id, buffers.head, response.body);
    return SendAll(connection.fd, buffers.out, Deadline()) && request.keep_connection;
  }

  Clock::time_point Deadline() const {
    return Clock::now() + std::chrono::seconds(config_.io_timeout_seconds);
  }

  const base::Config& config_;
  int listener_;
  Connections& connections_;
  fcgi::Limits limits_;
  int epoll_ = -1;
  int wake_ = -1;
  std::atomic<bool> stopping_{false};
};

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
  fcntl(socket_fd, F_SETFL, fcntl(socket_fd, F_GETFL) | O_NONBLOCK);
  fcntl(socket_fd, F_SETFD, FD_CLOEXEC);

  // Workers inherit this mask; only this thread receives the stop signals (sigwait below), and
  // a peer gone mid-reply gives EPIPE instead of killing the process.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Connections connections;
  Server server(config_, socket_fd, connections);
  const std::atomic<bool>& stopping = server.stopping();
  std::vector<std::thread> workers;
  for (int i = 0; i < config_.threads; ++i) {
    workers.emplace_back([this, &server] {
      std::unique_ptr<RequestHandler> handler = factory_();
      server.Work(*handler);
    });
  }
  std::thread sweeper([&stopping, &connections] {  // read deadlines and idle limits
    while (!stopping.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      connections.CutLate(Clock::now());
    }
  });
  std::thread background;
  if (background_) background = std::thread([this, &stopping] { background_(stopping); });
  LOG_INFO("listening on " << config_.listen << " with " << config_.threads << " workers");

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  int received = 0;
  sigwait(&stop_signals, &received);
  LOG_INFO("signal " << received << ": finishing in-flight requests");

  server.Stop();  // a worker answering a request finishes it first
  for (std::thread& worker : workers) worker.join();
  sweeper.join();
  if (background.joinable()) background.join();
  connections.CloseAll();
  close(socket_fd);
  if (unix_socket) unlink(config_.listen.c_str());
  LOG_INFO("stopped");
}

}  // namespace resellermgr::core
