#pragma once
// Delivery of the change funnel's outbox (sql/018) after commit, by one thread of the daemon with
// a connection of its own. Several hosts may run it at once: each takes due events with
// FOR UPDATE SKIP LOCKED, so an event goes out from one host at a time. A failed delivery is
// retried with doubling backoff and never touches the change it reports.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/config.h"
#include "db/connection.h"

namespace resellermgr::changes {

inline constexpr int kOutboxBatch = 20;  // events one pass takes

// What a webhook delivery posts and signs: the event's payload with its `event_id` and the
// attempt's `sent_at` (Unix seconds) inside, so receivers can drop replays and duplicates.
std::string SignedBody(long long id, const std::string& payload, std::int64_t sent_at);

class OutboxDelivery {
 public:
  OutboxDelivery(const base::Config& config, db::Connection& connection)
      : config_(config), connection_(connection) {}

  // One pass: returns how many events were delivered (or marked delivered without a URL).
  int DeliverDue();

 private:
  void Sweep();  // drops events delivered a week ago and undeliverable ones a month old
  // POSTs `payload`; empty on success, else why not (never a secret).
  std::string Post(long long id, const std::string& kind, const std::string& payload) const;

  const base::Config& config_;
  db::Connection& connection_;
  std::chrono::steady_clock::time_point last_sweep_{};
};

// Until `stopping`: runs each pass (it returns whether a full batch went, so more may wait)
// until it has nothing more, then sleeps `poll_seconds`. Database errors are logged, and a lost
// connection is dropped so the next pass opens a new one.
void RunDeliveries(const std::atomic<bool>& stopping, db::Connection& connection, int poll_seconds,
                   const std::vector<std::function<bool()>>& passes);

}  // namespace resellermgr::changes
