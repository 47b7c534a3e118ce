#include "changes/delivery.h"

#include <cppconn/exception.h>
#include <unistd.h>

#include <thread>

namespace resellermgr::changes {

const std::string& HostId() {
  static const std::string id = [] {
    char name[64] = {};
    gethostname(name, sizeof name - 1);
    return std::string(name).substr(0, 48) + ":" + std::to_string(getpid());
  }();
  return id;
}

void RunDeliveries(const std::atomic<bool>& stopping, db::Connection& connection, int poll_seconds,
                   const std::vector<std::function<bool()>>& passes) {
  // Round robin: each pass takes one batch a round, and rounds follow one another at once while
  // any pass had a full batch, so a long queue (a 10,000-user broadcast) never holds the
  // others (its mail) back until it is done.
  while (!stopping) {
    bool more = false;
    for (const auto& pass : passes) {
      if (stopping) break;
      try {
        more = pass() || more;
      } catch (const sql::SQLException& e) {
        LOG_WARNING("delivery: database error " << e.getErrorCode() << ": " << e.what());
        if (db::IsConnectionLost(e.getErrorCode())) connection.MarkBroken();
      } catch (const std::exception& e) {
        LOG_WARNING("delivery: " << e.what());
      }
    }
    if (more) continue;
    for (int i = 0; i < poll_seconds * 10 && !stopping; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace resellermgr::changes
