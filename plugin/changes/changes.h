#pragma once
// The change funnel (DESIGN.md "One change funnel"): a changing function records what it did
// through one object, inside the transaction the dispatcher opened for it: the audit row (actor,
// effective account, token, old -> new values) and an outbox event for what happens after commit
// (webhooks now; e-mail and payment requests later). The idempotency record is the
// dispatcher's (Dispatcher::CallOnce), in the same transaction.

#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "core/request.h"
#include "db/connection.h"

namespace resellermgr::changes {

struct FieldChange {
  std::string name, old_value, new_value;
};

struct Change {
  std::string target;               // what was changed ("r1", "login:r1/anna")
  std::string outcome;              // "created", "changed", "suspended", ...
  std::string params;               // the request's redacted parameters (audit::RedactedParams)
  std::string event;                // the outbox event kind ("account.created"); empty: none
  std::vector<FieldChange> fields;  // old -> new of what changed (secrets never)
  // The account the change is about, by name, when it is not the caller's own (a user the
  // reseller suspended, the company whose login changed): the event is that account's, so its
  // subtree's feed and webhooks (and its ancestors') see it. Looked up within the caller's
  // subtree; empty, or not found there: the caller's own account.
  std::string subject = {};
  // The subject's id and tree path when the caller holds its row already (found within its
  // scope): the event is written without looking the name up (a transfer's statements).
  long long subject_id = 0;
  std::string subject_path = {};
};

class Changes {
 public:
  virtual ~Changes() = default;
  // Writes the audit row and the outbox event, joining the caller's transaction.
  virtual void Record(const core::Request& request, const Change& change) = 0;
  // The same for a change a job made (resellerctl billing run): `job` is the actor, the change
  // is about account `account_id` (`account` by name), from the local machine.
  virtual void RecordJob(const std::string& job, long long account_id, const std::string& account,
                         const Change& change) = 0;
  // The same for a change a request without a login made about account `account_id` (a licensed
  // server registering with its owner's key): the request's address and function, `actor` as
  // who made it, the event in that account's stream.
  virtual void RecordFor(const core::Request& request, const std::string& actor,
                         long long account_id, const std::string& account,
                         const Change& change) = 0;
};

// The funnel over MySQL: audit_log and outbox rows (handler unit tests record into a fake).
class MySqlChanges final : public Changes {
 public:
  MySqlChanges(db::Connection& connection, audit::AuditLog& audit)
      : connection_(connection), audit_(audit) {}
  void Record(const core::Request& request, const Change& change) override;
  void RecordJob(const std::string& job, long long account_id, const std::string& account,
                 const Change& change) override;
  void RecordFor(const core::Request& request, const std::string& actor, long long account_id,
                 const std::string& account, const Change& change) override;

 private:
  // The audit row and the outbox event, with who made the change.
  void Write(const audit::AuditEntry& entry, const Change& change, const std::string& actor,
             long long account_id, const std::string& account, const std::string& account_path,
             const std::string& token);
  db::Connection& connection_;
  audit::AuditLog& audit_;
};

// The fields of `before` and `after` (name -> value) that differ, in `before`'s order, then the
// names only `after` has.
std::vector<FieldChange> Diff(const std::vector<std::pair<std::string, std::string>>& before,
                              const std::vector<std::pair<std::string, std::string>>& after);

}  // namespace resellermgr::changes
