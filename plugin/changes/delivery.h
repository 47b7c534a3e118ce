#pragma once
// The one delivery engine behind every queue written in a change's transaction and sent after
// commit (the outbox's webhooks, mail). A queue says how to take its due rows, send one, and
// mark it sent or failed; the engine does the rest the same way for all: one transaction per
// pass, due rows taken with FOR UPDATE SKIP LOCKED (several hosts may run passes at once), a
// failure retried with doubling backoff (RM_BACKOFF), the queue's sweep at most once a minute
// after the pass committed, and RunDeliveries' loop around the passes.

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "base/log.h"
#include "db/connection.h"
#include "db/transaction.h"

// The next attempt of a failed row: retry_seconds, then twice as long each time, capped at a
// day. Binds the retry seconds; reads the row's `attempts` before this one counts.
#define RM_BACKOFF \
  "next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL LEAST(? * POW(2, attempts), 86400) SECOND"

namespace resellermgr::changes {

// What a queue is to the engine. Item is the queue's row.
//   bool Ready()                                       whether it can send at all now
//   std::vector<Item> TakeDue(int batch)               the due rows, locked
//   std::string Send(const Item&, std::string& note)   "" on success (a note for the row), else why
//   not void Sent(const Item&, const std::string& note) void Failed(const Item&, const std::string&
//   error) void Sweep()                                       drops old rows static constexpr const
//   char* kName                 for the log long long Id(const Item&)
template <class Queue>
class Deliverer {
 public:
  Deliverer(db::Connection& connection, Queue& queue, int batch)
      : connection_(connection), queue_(queue), batch_(batch) {}

  // One pass: returns how many rows went out (or were settled without sending).
  int DeliverDue() {
    if (!queue_.Ready()) return 0;
    connection_.EnsureConnected();
    int sent = 0;
    {
      db::Transaction tx(connection_);
      for (const auto& item : queue_.TakeDue(batch_)) {
        std::string note;
        const std::string error = queue_.Send(item, note);
        if (error.empty()) {
          queue_.Sent(item, note);
          ++sent;
        } else {
          LOG_WARNING(Queue::kName << " " << queue_.Id(item) << ": " << error);
          queue_.Failed(item, error.substr(0, 255));
        }
      }
      tx.Commit();
    }
    // Old rows go in statements of their own, after the pass committed and at most once a
    // minute: a sweep that deadlocks with the inserts of requests must never take the pass's
    // marks back with it, which would send those rows again.
    const auto now = std::chrono::steady_clock::now();
    if (now - last_sweep_ >= std::chrono::minutes(1)) {
      last_sweep_ = now;
      queue_.Sweep();
    }
    return sent;
  }
  // Whether the pass took a full batch (more may be waiting).
  bool DeliverFullBatch() { return DeliverDue() == batch_; }

 private:
  db::Connection& connection_;
  Queue& queue_;
  const int batch_;
  std::chrono::steady_clock::time_point last_sweep_{};
};

// Until `stopping`: runs each pass (it returns whether a full batch went, so more may wait)
// until it has nothing more, then sleeps `poll_seconds`. Database errors are logged, and a lost
// connection is dropped so the next pass opens a new one.
void RunDeliveries(const std::atomic<bool>& stopping, db::Connection& connection, int poll_seconds,
                   const std::vector<std::function<bool()>>& passes);

}  // namespace resellermgr::changes
