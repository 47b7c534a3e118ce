#pragma once
// A webhook receiver for the http tests: an HTTP listener on 127.0.0.1 (a port of its own),
// answering every POST with the status it is told (200, 500 while "down", a redirect) and
// keeping what arrived.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace resellermgr::testing {

struct Delivered {
  std::string event, event_id, delivery, signature, body;
};

class HookReceiver {
 public:
  HookReceiver() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(fd_, 64) != 0)
      throw std::runtime_error("receiver: cannot listen");
    socklen_t size = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~HookReceiver() {
    stopping_ = true;
    thread_.join();
    close(fd_);
  }
  HookReceiver(const HookReceiver&) = delete;
  HookReceiver& operator=(const HookReceiver&) = delete;

  std::string Url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }
  // The status line and extra headers every answer gets from now on.
  void Answer(const std::string& status, const std::string& headers = {}) {
    std::lock_guard lock(mutex_);
    status_ = status;
    extra_headers_ = headers;
  }
  std::vector<Delivered> All() const {
    std::lock_guard lock(mutex_);
    return received_;
  }
  std::size_t Count() const {
    std::lock_guard lock(mutex_);
    return received_.size();
  }
  // Waits until `wanted` holds for what arrived, up to `seconds`; returns whether it did.
  template <typename Wanted>
  bool WaitFor(Wanted wanted, int seconds = 20) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      if (wanted(All())) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return wanted(All());
  }

 private:
  static std::string Header(const std::string& head, std::string name) {
    std::string lower = head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::size_t at = lower.find("\r\n" + name + ":");
    if (at == std::string::npos) return {};
    std::size_t start = at + name.size() + 3;
    while (start < head.size() && head[start] == ' ') ++start;
    return head.substr(start, head.find("\r\n", start) - start);
  }

  void Serve() {
    while (!stopping_) {
      pollfd ready{fd_, POLLIN, 0};
      if (poll(&ready, 1, 100) <= 0) continue;
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      timeval timeout{5, 0};
      setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
      std::string data;
      char buffer[8192];
      std::size_t head_end = std::string::npos, length = 0;
      bool whole = false;
      for (;;) {
        const ssize_t n = read(client, buffer, sizeof buffer);
        if (n <= 0) break;
        data.append(buffer, static_cast<std::size_t>(n));
        if (head_end == std::string::npos &&
            (head_end = data.find("\r\n\r\n")) != std::string::npos) {
          const std::string declared = Header(data.substr(0, head_end), "Content-Length");
          length = declared.empty() ? 0 : std::stoul(declared);
        }
        if (head_end != std::string::npos && data.size() >= head_end + 4 + length) {
          whole = true;
          break;
        }
      }
      std::string status, extra;
      {
        std::lock_guard lock(mutex_);
        status = status_;
        extra = extra_headers_;
        if (whole) {
          const std::string head = data.substr(0, head_end);
          received_.push_back(
              {Header(head, "X-Resellermgr-Event"), Header(head, "X-Resellermgr-Event-Id"),
               Header(head, "X-Resellermgr-Delivery"), Header(head, "X-Resellermgr-Signature"),
               data.substr(head_end + 4, length)});
        }
      }
      const std::string reply =
          "HTTP/1.1 " + status + "\r\n" + extra + "Content-Length: 0\r\nConnection: close\r\n\r\n";
      (void)!write(client, reply.data(), reply.size());
      close(client);
    }
  }

  int fd_ = -1, port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::string status_ = "200 OK", extra_headers_;
  std::vector<Delivered> received_;
  std::thread thread_;
};

}  // namespace resellermgr::testing
