#pragma once
// Idempotency records (API.md: every changing function accepts idempotency_key). The only file
// with their SQL is mysql_idempotency_store.cpp. One instance per worker.
//
// Claim() runs inside the transaction of the change it guards: it inserts the record first, so
// a second request with the same login and key waits on that row until the first commits (then
// reads its reply) or rolls back (then claims the key itself). Nothing but a hash of the
// parameters is kept, and records go after 24 hours.

#include <optional>
#include <string>
#include <string_view>

#include "core/gatekeeper.h"
#include "db/connection.h"

namespace resellermgr::changes {

// params_hash: 32 raw bytes; reply: the first reply's XML document.
using IdempotencyRecord = core::ReplayRecord;

inline constexpr int kIdempotencySweepBatch = 1000;

class MySqlIdempotencyStore : public core::ReplayLog {
 public:
  explicit MySqlIdempotencyStore(db::Connection& connection) : connection_(connection) {}

  // Claims (login_id, key) for a change in the current transaction; nullopt when it was free,
  // else the record of the change that holds it (committed before).
  std::optional<IdempotencyRecord> Claim(long long login_id, std::string_view key,
                                         std::string_view func,
                                         const std::string& params_hash) override;
  // The reply of the claimed change, in the same transaction.
  void Finish(long long login_id, std::string_view key, const std::string& reply) override;
  // Drops up to kIdempotencySweepBatch records older than a day, outside any request (the
  // delivery thread's pass): returns how many went.
  int Sweep();

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::changes
