#pragma once
// The one delivery engine behind every queue written in a change's transaction and sent after
// commit (the outbox's webhooks, mail). A queue says how to take its due rows, claim one, send
// it, and mark it sent or failed; the engine does the rest the same way for all. A pass claims
// its rows in a short transaction (due rows taken with FOR UPDATE SKIP LOCKED, their
// next_attempt_at moved past the pass's longest sending time: the lease) and commits before it
// sends anything, so no lock is held while a receiver answers and several hosts, on a Galera
// cluster too, never send a row at once: two claims of the same row conflict and one rolls
// back. Each row is then marked sent or failed on its own (a failure retried with doubling
// backoff, RM_BACKOFF); a host that dies mid-pass leaves rows that fall due again when the lease
// expires, so a row goes out at least once and carries its id for receivers to drop repeats.
// The queue's sweep runs at most once a minute, and RunDeliveries' loop around the passes.

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

// This process as a claimant of rows: host name and process id.
const std::string& HostId();

// What a queue is to the engine. Item is the queue's row.
//   bool Ready()                                       whether it can send at all now
//   std::vector<Item> TakeDue(int batch)               the due rows, locked
//   void Claim(const Item&, int seconds, const std::string& host)   its lease
//   std::string Send(const Item&, std::string& note)   "" on success (a note for the row), else why
//   not void Sent(const Item&, const std::string& note) void Failed(const Item&, const std::string&
//   error) void Sweep()                                       drops old rows static constexpr const
//   char* kName                 for the log long long Id(const Item&)
template <class Queue>
class Deliverer {
 public:
  // `send_timeout_seconds`: the longest one Send may take; a lease covers a whole batch.
  Deliverer(db::Connection& connection, Queue& queue, int batch, int send_timeout_seconds)
      : connection_(connection),
        queue_(queue),
        batch_(batch),
        lease_seconds_(batch * send_timeout_seconds + 30) {}

  // One pass: returns how many rows went out (or were settled without sending).
  int DeliverDue() {
    if (!queue_.Ready()) return 0;
    connection_.EnsureConnected();
    std::vector<typename Queue::Item> claimed;
    {
      db::Transaction tx(connection_);
      claimed = queue_.TakeDue(batch_);
      for (const auto& item : claimed) queue_.Claim(item, lease_seconds_, HostId());
      tx.Commit();
    }
    int sent = 0;
    for (const auto& item : claimed) {
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
    // Old rows go in statements of their own, at most once a minute.
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
  const int lease_seconds_;
  std::chrono::steady_clock::time_point last_sweep_{};
};

// Until `stopping`: runs the passes in rounds, one batch each a round (a pass returns whether a
// full batch went, so more may wait); rounds follow at once while any pass had a full batch,
// else it sleeps `poll_seconds`. Database errors are logged, and a lost connection is dropped
// so the next pass opens a new one.
void RunDeliveries(const std::atomic<bool>& stopping, db::Connection& connection, int poll_seconds,
                   const std::vector<std::function<bool()>>& passes);

}  // namespace resellermgr::changes
