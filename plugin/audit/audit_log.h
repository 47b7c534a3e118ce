#pragma once
// The append-only, hash-chained audit log. Append() joins the caller's transaction when there is
// one (so the audit row commits or rolls back with the change it records) and otherwise commits
// on its own. The row is written without its hash: Seal(), a background pass of the audit
// module, links committed rows into their chains (sql/062), so a change takes no lock on a chain
// head. Never pass secrets in any field: callers pass redacted parameters.

#include <cstdint>
#include <string>
#include <vector>

#include "core/request.h"
#include "db/connection.h"

namespace resellermgr::audit {

struct AuditEntry {
  std::string actor;       // the real login
  std::string as_account;  // the effective account (differs under su)
  std::string ip;
  std::string func;
  std::string target;
  std::string outcome;  // "ok", "badpassword", "throttled", ...
  std::string params;   // redacted key=value pairs
};

// An entry for `request`'s caller (real login, effective account), address and function.
AuditEntry EntryFor(const core::Request& request, std::string target, std::string outcome,
                    std::string params = {});

// The request's parameters for the audit row, secrets masked, reserved ones left out.
std::string RedactedParams(const core::Request& request);

struct AuditRow {
  long long id;
  std::string at;
  AuditEntry entry;
};

struct AuditQuery {
  long long scope_account_id = 0;  // 0: everything (admins); else this account and those below it
  std::string scope_path;          // that account's tree path (tenancy, sql/017)
  std::string actor, target;       // exact matches when set
  std::string from, to;            // "YYYY-MM-DD[ HH:MM:SS]" bounds on the time, UTC
  int page = 1;
  int page_size = 100;
};

struct AuditPage {
  std::vector<AuditRow> rows;
  long long total = 0;  // capped at kMaxCountedRows
};

inline constexpr long long kMaxCountedRows = 100000;
// Rows a seal pass links at most; a full pass means more may be waiting.
inline constexpr int kAuditSealBatch = 500;

struct VerifyResult {
  bool ok = true;
  std::uint64_t rows = 0;
  std::uint64_t first_bad_id = 0;  // when !ok; one past the last row if rows were cut off the end
};

class AuditLog {
 public:
  explicit AuditLog(db::Connection& connection) : connection_(connection) {}

  void Append(const AuditEntry& entry);
  // Links committed unsealed rows into their chains, oldest first, in one transaction; returns
  // how many (at most kAuditSealBatch). kOwn: the chains this host's node writes (all of them on
  // a single server, its share on Galera, so two hosts' passes seldom meet); kAll: every chain.
  enum class Chains { kOwn, kAll };
  int Seal(Chains chains = Chains::kOwn);
  // Newest first.
  AuditPage List(const AuditQuery& query);
  // Seals what has committed, then recomputes each chain from its first row; reports the first
  // row whose hash does not match.
  VerifyResult Verify();

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::audit
