#pragma once
// Delivery of the change funnel's outbox (sql/018) after commit, by one thread of the daemon with
// a connection of its own. Several hosts may run it at once: each takes due events with
// FOR UPDATE SKIP LOCKED, so an event goes out from one host at a time. A failed delivery is
// retried with doubling backoff and never touches the change it reports.

#include <atomic>
#include <string>

#include "core/config.h"
#include "db/connection.h"

namespace resellermgr::changes {

class OutboxDelivery {
 public:
  OutboxDelivery(const core::Config& config, db::Connection& connection)
      : config_(config), connection_(connection) {}

  // Until `stopping`: delivers what is due, sweeps old events, sleeps outbox_poll_seconds.
  void Run(const std::atomic<bool>& stopping);
  // One pass: returns how many events were delivered (or marked delivered without a URL).
  int DeliverDue();

 private:
  // POSTs `payload`; empty on success, else why not (never a secret).
  std::string Post(long long id, const std::string& kind, const std::string& payload) const;

  const core::Config& config_;
  db::Connection& connection_;
};

}  // namespace resellermgr::changes
