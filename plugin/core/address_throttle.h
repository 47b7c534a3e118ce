#pragma once
// Requests a minute per client address for the functions called without a login that have no
// login to count against (license.checkin, backup.key, signup), counted in this process: each host
// counts its own, so a cluster of N hosts lets an address make up to N times as many.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace resellermgr::core {

class AddressThrottle {
 public:
  // Counts this request; false when the address is past `per_minute` in the current minute.
  bool Allow(const std::string& address, int per_minute) {
    const long long minute = std::chrono::duration_cast<std::chrono::minutes>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
    std::lock_guard lock(mutex_);
    if (minute != minute_) {  // a new minute: every count starts again
      counts_.clear();
      minute_ = minute;
    }
    return ++counts_[address] <= per_minute;
  }

  // The process's one throttle.
  static AddressThrottle& Shared() {
    static AddressThrottle throttle;
    return throttle;
  }

 private:
  std::mutex mutex_;
  long long minute_ = -1;
  std::unordered_map<std::string, int> counts_;
};

}  // namespace resellermgr::core
