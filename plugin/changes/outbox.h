#pragma once
// Delivery of the change funnel's outbox (sql/018) after commit, by one thread of the daemon with
// a connection of its own, through the delivery engine (changes/delivery.h). A failed delivery
// is retried with doubling backoff and never touches the change it reports.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/config.h"
#include "changes/delivery.h"
#include "db/connection.h"

namespace resellermgr::changes {

inline constexpr int kOutboxBatch = 20;       // events one pass takes
inline constexpr int kOutboxSendSeconds = 5;  // the longest one webhook call may take

// What a webhook delivery posts and signs: the event's payload with its `event_id` and the
// attempt's `sent_at` (Unix seconds) inside, so receivers can drop replays and duplicates.
std::string SignedBody(long long id, const std::string& payload, std::int64_t sent_at);

// The outbox as a delivery queue (changes/delivery.h): outbox_event rows POSTed, signed, to the
// webhook URL. Without a URL an event is settled with a note, not kept.
class OutboxQueue {
 public:
  struct Item {
    long long id;
    std::string kind, payload;
  };
  static constexpr const char* kName = "outbox event";

  OutboxQueue(const base::Config& config, db::Connection& connection)
      : config_(config), connection_(connection) {}
  bool Ready() const { return true; }
  std::vector<Item> TakeDue(int batch);
  void Claim(const Item& event, int seconds, const std::string& host);
  std::string Send(const Item& event, std::string& note) const;
  void Sent(const Item& event, const std::string& note);
  void Failed(const Item& event, const std::string& error);
  void Sweep();  // drops events older than event_keep_days
  static long long Id(const Item& event) { return event.id; }

 private:
  const base::Config& config_;
  db::Connection& connection_;
};

// The delivery thread's pass over the outbox.
class OutboxDelivery {
 public:
  OutboxDelivery(const base::Config& config, db::Connection& connection)
      : queue_(config, connection),
        deliverer_(connection, queue_, kOutboxBatch, kOutboxSendSeconds) {}
  // One pass: returns how many events were delivered (or settled without a URL).
  int DeliverDue() { return deliverer_.DeliverDue(); }

 private:
  OutboxQueue queue_;
  Deliverer<OutboxQueue> deliverer_;
};

}  // namespace resellermgr::changes
