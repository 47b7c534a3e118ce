#include "changes/changes.h"

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "db/transaction.h"

namespace resellermgr::changes {
namespace {

// The event is the subject's (found by name within the caller's subtree: a live account before a
// deleted one of the same name), else the caller's account's; its tree path is kept with it.
constexpr char kAppendEvent[] = R"sql(
    INSERT INTO outbox_event (kind, account_id, subject_path, target, payload)
    SELECT ?, s.id, COALESCE(s.tree_path, ''), ?, ?
    FROM (SELECT COALESCE(
            (SELECT x.id FROM account x
             WHERE ? <> '' AND x.name = ? AND x.tree_path LIKE CONCAT(?, '%')
             ORDER BY x.deleted_at IS NULL DESC, x.id DESC LIMIT 1),
            NULLIF(?, 0)) AS id) subject
    LEFT JOIN account s ON s.id = subject.id)sql";
// The same for a subject the caller names by id and path (Change::subject_id).
constexpr char kAppendEventOf[] = R"sql(
    INSERT INTO outbox_event (kind, account_id, subject_path, target, payload)
    VALUES (?, ?, ?, ?, ?))sql";
constexpr std::size_t kMaxShownValue = 200;

// "fullname: 'Old' -> 'New'; limit_quota: '1000' -> '2000'"
std::string Describe(const std::vector<FieldChange>& fields) {
  std::string text;
  for (const FieldChange& f : fields) {
    if (!text.empty()) text += "; ";
    text += f.name + ": '" + base::Utf8Prefix(f.old_value, kMaxShownValue) + "' -> '" +
            base::Utf8Prefix(f.new_value, kMaxShownValue) + "'";
  }
  return text;
}

// The audit row's parameters: the request's, then what changed.
std::string ParamsOf(const Change& change) {
  std::string params = change.params;
  if (!change.fields.empty()) params += (params.empty() ? "" : " | ") + Describe(change.fields);
  return params;
}

}  // namespace

std::vector<FieldChange> Diff(const std::vector<std::pair<std::string, std::string>>& before,
                              const std::vector<std::pair<std::string, std::string>>& after) {
  std::vector<FieldChange> changed;
  const auto find = [](const auto& fields, const std::string& name) -> const std::string* {
    for (const auto& [n, v] : fields) {
      if (n == name) return &v;
    }
    return nullptr;
  };
  static const std::string kNone;
  for (const auto& [name, old_value] : before) {
    const std::string* new_value = find(after, name);
    if (new_value && *new_value != old_value) changed.push_back({name, old_value, *new_value});
    if (!new_value && !old_value.empty()) changed.push_back({name, old_value, kNone});
  }
  for (const auto& [name, new_value] : after) {
    if (!find(before, name) && !new_value.empty()) changed.push_back({name, kNone, new_value});
  }
  return changed;
}

void MySqlChanges::Record(const core::Request& request, const Change& change) {
  const core::Caller& caller = request.caller();
  // The subject is looked for below the caller; an admin's reach is every path.
  Write(audit::EntryFor(request, change.target, change.outcome, ParamsOf(change)), change,
        caller.login, caller.account_id, caller.account, caller.admin() ? "/" : caller.account_path,
        caller.permissions.token_name);
}

void MySqlChanges::RecordJob(const std::string& job, long long account_id,
                             const std::string& account, const Change& change) {
  Write({job, account, "local", change.event, change.target, change.outcome, ParamsOf(change)},
        change, job, account_id, account, "", "");
}

void MySqlChanges::RecordFor(const core::Request& request, const std::string& actor,
                             long long account_id, const std::string& account,
                             const Change& change) {
  audit::AuditEntry entry =
      audit::EntryFor(request, change.target, change.outcome, ParamsOf(change));
  entry.actor = actor;
  entry.as_account = account;
  Write(entry, change, actor, account_id, account, "", "");
}

void MySqlChanges::Write(const audit::AuditEntry& entry, const Change& change,
                         const std::string& actor, long long account_id, const std::string& account,
                         const std::string& account_path, const std::string& token) {
  db::Transaction tx(connection_);
  audit_.Append(entry);
  if (!change.event.empty()) {
    nlohmann::json payload = {{"event", change.event},
                              {"target", change.target},
                              {"outcome", change.outcome},
                              {"actor", actor},
                              {"account", account}};
    // Whom it is about: the subject when one is named (looked for below `account_path`), else
    // the account that made the change.
    const std::string subject =
        change.subject.empty() || account_path.empty() ? std::string() : change.subject;
    if (!token.empty()) payload["token"] = token;
    for (const FieldChange& f : change.fields)
      payload["changes"][f.name] = {{"old", f.old_value}, {"new", f.new_value}};
    payload["subject"] = subject.empty() ? account : subject;
    const std::string body = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (change.subject_id != 0 && !subject.empty()) {
      db::Query(connection_, kAppendEventOf, change.event, change.subject_id, change.subject_path,
                change.target, body)
          .executeUpdate();
    } else {
      db::Query(connection_, kAppendEvent, change.event, change.target, body, subject, subject,
                account_path, account_id)
          .executeUpdate();
    }
  }
  tx.Commit();
}

}  // namespace resellermgr::changes
