#pragma once
// The append-only, hash-chained audit log. Append() joins the caller's transaction when there is
// one (so the audit row commits or rolls back with the change it records) and otherwise commits
// on its own. Never pass secrets in any field: callers pass redacted parameters.

#include <cstdint>
#include <string>

#include "core/request.h"
#include "db/connection.h"

namespace resellermgr::audit {

struct AuditEntry {
  std::string actor;       // the real login
  std::string as_account;  // the effective account (differs under su)
  std::string ip;
  std::string func;
  std::string target;
  std::string outcome;     // "ok", "badpassword", "throttled", ...
  std::string params;      // redacted key=value pairs
};

// An entry for `request`'s caller (real login, effective account), address and function.
AuditEntry EntryFor(const core::Request& request, std::string target, std::string outcome,
                    std::string params = {});

struct VerifyResult {
  bool ok = true;
  std::uint64_t rows = 0;
  std::uint64_t first_bad_id = 0;  // when !ok; one past the last row if rows were cut off the end
};

class AuditLog {
 public:
  explicit AuditLog(db::Connection& connection) : connection_(connection) {}

  void Append(const AuditEntry& entry);
  // Recomputes the chain from the first row; reports the first row whose hash does not match.
  VerifyResult Verify();

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::audit
