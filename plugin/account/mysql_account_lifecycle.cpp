// Group actions on accounts and everything below them: suspend, resume, delete, and the sessions
// they end. Set-based: a fixed number of statements whatever the subtree's size.

#include <algorithm>
#include <functional>

#include "account/account_statements.h"
#include "account/account_store.h"
#include "base/errors.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "identity/account_logins.h"
#include "tenancy/targets.h"
#include "tenancy/tenancy.h"

namespace resellermgr::account {
namespace {

using base::ErrorKind;
using base::PluginError;

// The accounts one owns: its users and sub-resellers, not its own client account.
constexpr char kOwnedAccounts[] =
    "SELECT COUNT(*) AS owned FROM account"
    " WHERE parent_id = ? AND deleted_at IS NULL AND own_client = 0";
constexpr auto kOwnedRow = db::Columns::Of(kOwnedAccounts);
// The first target a lock holds (the statement is built for the targets).
#define RM_LOCKED_COLUMNS "a.name"
constexpr db::Columns kLockedRow{RM_LOCKED_COLUMNS};
constexpr char kLiftReason[] =
    "DELETE FROM suspension WHERE account_id = ? AND reason = ? AND cause_id IS NULL";
// One row for the account suspended: what is below it is suspended because it is (derived, never
// a row each: issue 26, a 10,000-user reseller's suspension wrote and deleted 10,000 rows).
constexpr char kSuspendOne[] =
    "INSERT INTO suspension (account_id, source_account_id, reason, locked) VALUES (?, ?, ?, ?)";
// RecomputeSuspended's statements, for one account (its id) and its subtree (its pattern).
#define RM_AT_OR_BELOW_ID "(a.id = ? OR a.tree_path LIKE ?)"
constexpr char kHeldAbove[] =
    "SELECT 1 AS held FROM suspension WHERE account_id IN ({ids}) LIMIT 1";
constexpr char kSuspendAll[] =
    "UPDATE account a SET a.suspended = 1 WHERE a.suspended = 0 AND " RM_AT_OR_BELOW_ID;
constexpr char kClear[] =
    "UPDATE account a SET a.suspended = 0 WHERE a.suspended = 1 AND " RM_AT_OR_BELOW_ID;
constexpr char kSuspendOwnRows[] =
    "UPDATE account a JOIN suspension s ON s.account_id = a.id SET a.suspended = 1 "
    "WHERE " RM_AT_OR_BELOW_ID;
// Owners inside the subtree suspended on their own: their subtrees follow them.
constexpr char kSuspendedOwners[] =
    "SELECT DISTINCT a.tree_path AS tree_path FROM suspension s JOIN account a ON a.id = "
    "s.account_id WHERE "
    "a.level = " RM_LEVEL_RESELLER " AND " RM_AT_OR_BELOW_ID;
constexpr auto kSuspendedOwnersColumns = db::Columns::Of(kSuspendedOwners);
constexpr char kSuspendBelow[] =
    "UPDATE account a SET a.suspended = 1 WHERE a.suspended = 0 AND a.tree_path LIKE ?";

tenancy::Targets TargetsOf(const std::vector<MySqlAccountStore::Resolved>& accounts) {
  tenancy::Targets targets;
  for (const auto& a : accounts) targets.Add(a.id, a.tree_path);
  return targets;
}

using tenancy::ExecuteFor;

}  // namespace

// Held by a suspension above it, the whole subtree stays suspended. Else all of it is cleared,
// then the accounts a row names set again, and the subtrees of the owners among them: a few
// plain updates, cheaper than a subquery for each of 10,000 rows.
void MySqlAccountStore::RecomputeSuspended(
    const std::vector<std::pair<long long, std::string>>& accounts) {
  for (const auto& [id, tree_path] : accounts) {
    const std::string below = SubtreePattern(tree_path);
    std::vector<long long> above = PathIds(tree_path);
    if (!above.empty()) above.pop_back();
    bool held = false;
    if (!above.empty()) {
      std::string sql = kHeldAbove;
      sql.replace(sql.find("{ids}"), 5, db::Placeholders(above.size()));
      auto statement = connection_.PrepareUncached(sql);
      for (std::size_t i = 0; i < above.size(); ++i)
        statement->setInt64(static_cast<int>(i) + 1, above[i]);
      held = db::Select(*statement)->next();
    }
    if (held) {
      db::Query(connection_, kSuspendAll, id, below).executeUpdate();
      continue;
    }
    db::Query(connection_, kClear, id, below).executeUpdate();
    db::Query(connection_, kSuspendOwnRows, id, below).executeUpdate();
    std::vector<std::string> owners;
    auto rows = db::Select(db::Query(connection_, kSuspendedOwners, id, below));
    while (rows->next()) owners.push_back(rows->getString(kSuspendedOwnersColumns["tree_path"]));
    for (const std::string& owner : owners)
      db::Query(connection_, kSuspendBelow, SubtreePattern(owner)).executeUpdate();
  }
  // What sessions carry of the subtrees (their suspension, and a move's paths and groups).
  for (const auto& [id, tree_path] : accounts) logins_.SubtreeChanged(tree_path);
}

void MySqlAccountStore::MoveListStamp() {
  db::Query(connection_, statements::kMoveListStamp,
            connection_.Shard(statements::kListStampShards))
      .executeUpdate();
}

void RefuseOwnClients(const std::vector<MySqlAccountStore::Resolved>& accounts, const char* what) {
  for (const auto& a : accounts) {
    if (a.own_client) {
      throw PluginError(ErrorKind::kAccessDenied, "own_client", a.name,
                        "the reseller's own client account goes with its reseller; it is not " +
                            std::string(what) + " alone");
    }
  }
}

void MySqlAccountStore::EndSessions(const std::vector<Resolved>& accounts) {
  logins_.EndSessions(TargetsOf(accounts));
}

void MySqlAccountStore::Delete(const Scope& scope, int level, const std::vector<std::string>& names,
                               bool cascade, bool permanent) {
  db::Transaction tx(connection_);
  const std::vector<Resolved> accounts = Resolve(scope, level, names);
  RefuseOwnClients(accounts, "deleted");
  for (const Resolved& a : accounts) {
    // Its users and its sub-resellers (not its own client account, which goes with it).
    auto owned = db::Select(db::Query(connection_, kOwnedAccounts, a.id));
    owned->next();
    if (const long long n = owned->getInt64(kOwnedRow["owned"]); n > 0 && !cascade) {
      throw PluginError(ErrorKind::kExists, "users", a.name,
                        a.name + " still owns " + std::to_string(n) +
                            " accounts; delete them first or send cascade=on");
    }
  }
  const tenancy::Targets targets = TargetsOf(accounts);
  EndSessions(accounts);
  // The level counts lose the deleted accounts and everything below them (own client accounts
  // are not counted there, sql/031).
  for (const char* which : {"id IN ({ids})", "{below}"}) {
    ExecuteFor(connection_,
               std::string("UPDATE account_level_count c JOIN (SELECT level, COUNT(*) n FROM "
                           "account WHERE deleted_at IS NULL AND own_client = 0 AND ") +
                   which + " GROUP BY level) d ON d.level = c.level AND c.shard = " +
                   std::to_string(connection_.Shard(statements::kCountShards)) +
                   " SET c.live = c.live - d.n",
               targets);
  }
  // Owners lose the deleted users from their counts (sub-resellers are not users, issue 20).
  ExecuteFor(connection_,
             "UPDATE account o JOIN (SELECT parent_id, COUNT(*) n FROM account WHERE id IN ({ids}) "
             "AND level = " RM_LEVEL_USER
             " AND own_client = 0 GROUP BY parent_id) d ON d.parent_id = o.id "
             "SET o.users_count = o.users_count - d.n",
             targets);
  MoveListStamp();
  if (permanent) {
    // Deepest first: a user before its sub-reseller, a sub-reseller before its reseller.
    logins_.DeleteLogins(targets);
    ExecuteFor(connection_, "DELETE FROM account WHERE {below} AND level = " RM_LEVEL_USER,
               targets);
    ExecuteFor(connection_, "DELETE FROM account WHERE {below}", targets);
    ExecuteFor(connection_, "DELETE FROM account WHERE id IN ({ids})", targets);
  } else {
    for (const char* which : {"id IN ({ids})", "{below}"}) {
      ExecuteFor(connection_,
                 std::string("UPDATE account SET deleted_at = UTC_TIMESTAMP(6), users_count = 0 "
                             "WHERE deleted_at IS NULL AND ") +
                     which,
                 targets);
    }
  }
  tx.Commit();
}

void MySqlAccountStore::Suspend(const Scope& scope, int level,
                                const std::vector<std::string>& names, const std::string& reason,
                                bool lock) {
  db::Transaction tx(connection_);
  const std::vector<Resolved> accounts = Resolve(scope, level, names);
  RefuseOwnClients(accounts, "suspended");
  for (const Resolved& a : accounts) {
    db::Query(connection_, kSuspendOne, a.id, scope.account_id, reason, lock).executeUpdate();
  }
  const tenancy::Targets targets = TargetsOf(accounts);
  for (const char* which : {"id IN ({ids})", "{below}"}) {
    ExecuteFor(
        connection_,
        std::string("UPDATE account SET suspended = 1 WHERE deleted_at IS NULL AND ") + which,
        targets);
  }
  EndSessions(accounts);
  tx.Commit();
}

void MySqlAccountStore::Resume(const Scope& scope, int level,
                               const std::vector<std::string>& names) {
  db::Transaction tx(connection_);
  const std::vector<Resolved> accounts = Resolve(scope, level, names);
  const tenancy::Targets targets = TargetsOf(accounts);
  // A lock makes a suspension liftable only by its source or by an admin.
  auto bind_caller = [&scope](sql::PreparedStatement& s) {
    s.setInt64(1, scope.account_id);
    s.setInt(2, scope.level);
    return 2;
  };
  auto locked = connection_.PrepareUncached(
      "SELECT " RM_LOCKED_COLUMNS
      " FROM suspension s JOIN account a ON a.id = s.account_id "
      "WHERE s.locked = 1 AND s.source_account_id <> ? AND ? < " RM_LEVEL_ADMIN
      " AND s.cause_id IS NULL "
      "AND s.account_id IN (" +
      db::Placeholders(targets.ids.size()) + ") LIMIT 1");
  int index = bind_caller(*locked);
  for (long long id : targets.ids) locked->setInt64(++index, id);
  auto locked_row = db::Select(*locked);
  if (locked_row->next()) {
    const std::string name = locked_row->getString(kLockedRow["name"]);
    throw PluginError(ErrorKind::kAccessDenied, "suspension", name,
                      name + " was suspended with a lock that only its source can lift");
  }
  ExecuteFor(
      connection_,
      "DELETE FROM suspension WHERE (locked = 0 OR source_account_id = ? OR ? >= " RM_LEVEL_ADMIN
      ") "
      "AND cause_id IS NULL AND account_id IN ({ids})",
      targets, bind_caller);
  std::vector<std::pair<long long, std::string>> resumed;
  for (const Resolved& a : accounts) resumed.emplace_back(a.id, a.tree_path);
  RecomputeSuspended(resumed);
  tx.Commit();
}

bool MySqlAccountStore::LiftSuspension(long long account_id, const std::string& reason) {
  db::Transaction tx(connection_);
  if (db::Query(connection_, kLiftReason, account_id, reason).executeUpdate() == 0) return false;
  const std::optional<Account> account = Get(account_id);
  RecomputeSuspended({{account_id, account->tree_path}});
  tx.Commit();
  return true;
}

}  // namespace resellermgr::account
