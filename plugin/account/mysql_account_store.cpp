#include <cppconn/exception.h>

#include <algorithm>
#include <functional>
#include <map>

#include "account/account_statements.h"
#include "account/account_store.h"
#include "account/mysql_account_rows.h"
#include "base/errors.h"
#include "base/text.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "tenancy/limits.h"
#include "util/crypto.h"

namespace resellermgr::account {

namespace {

using base::ErrorKind;
using base::PluginError;
using statements::kAddToLevelCount;
using statements::kAddUsers;
using statements::kCountShards;
using statements::kDeniedGroups;
using statements::kRefreshDenied;
using statements::kRefreshSubtreeDenied;
using store::BindScope;
using store::ReadAccount;
using store::Scoped;

constexpr char kFindAccount[] =
    "SELECT " RM_ACCOUNT_COLUMNS
    " FROM account a JOIN account o ON o.id = a.parent_id "
    "WHERE a.name = ? AND a.level = ? AND a.deleted_at IS NULL AND " RM_IN_SCOPE;
constexpr char kFindBelow[] =
    "SELECT " RM_ACCOUNT_COLUMNS
    " FROM account a JOIN account o ON o.id = a.parent_id "
    "WHERE a.name = ? AND a.level < ? AND a.deleted_at IS NULL AND " RM_IN_SCOPE;
constexpr char kGetAccount[] = "SELECT " RM_ACCOUNT_COLUMNS
                               " FROM account a LEFT JOIN account o ON o.id = a.parent_id "
                               "WHERE a.id = ? AND a.deleted_at IS NULL";
constexpr char kSelectLimits[] = "SELECT name, value FROM account_limit WHERE account_id = ?";
constexpr auto kSelectLimitsColumns = db::Columns::Of(kSelectLimits);

constexpr char kOwnerInScope[] =
    "SELECT 1 FROM account a WHERE a.id = ? AND a.deleted_at IS NULL AND (a.id = ? OR " RM_IN_SCOPE
    ")";
constexpr char kNameTaken[] =
    "SELECT 1 FROM account WHERE name = ? UNION ALL SELECT 1 FROM login WHERE name = ? LIMIT 1";
constexpr char kInsertAccount[] = R"sql(
    INSERT INTO account (parent_id, level, name, fullname, email, phone, company, address, comment,
                         oversell, preset, allowed_ips, require_totp, may_resell)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql";
constexpr char kInsertOwnClient[] = R"sql(
    INSERT INTO account (parent_id, level, name, email, company, address, own_client)
    VALUES (?, )sql" RM_LEVEL_USER R"sql(, ?, ?, ?, ?, 1))sql";
constexpr char kUsersCount[] = "SELECT users_count FROM account WHERE id = ?";
// account.totp_required: the company's own flag or its level's policy (sql/016); for one
// account, and for every account after the levels' policy changed (totp.policy).
#define RM_REFRESH_TOTP_REQUIRED                                   \
  "UPDATE account a SET a.totp_required = (a.require_totp = 1 OR " \
  "EXISTS (SELECT 1 FROM totp_required_level r WHERE r.level = a.level))"
constexpr char kRefreshTotpRequired[] = RM_REFRESH_TOTP_REQUIRED " WHERE a.id = ?";
constexpr char kRefreshAllTotpRequired[] = RM_REFRESH_TOTP_REQUIRED;

// The dashboard's counts. The host's administrator reaches every account: totals from the
// maintained counts, suspended and over-limit ones from their indexes (each statement reads
// only the matching entries). A reseller reaches its own users: one pass over them.
// Neither counts a reseller's own client account (sql/031).
constexpr char kAdminCounts[] = R"sql(
    SELECT c.level, SUM(c.live) AS total,
           (SELECT COUNT(*) FROM account a
             WHERE a.level = c.level AND a.deleted_at IS NULL AND a.own_client = 0
               AND a.suspended = 1) AS suspended,
           (SELECT COUNT(*) FROM account a
             WHERE a.level = c.level AND a.deleted_at IS NULL AND a.own_client = 0
               AND a.over_limit = 1) AS over_limit
    FROM account_level_count c WHERE c.level IN ()sql" RM_LEVEL_USER ", " RM_LEVEL_RESELLER
                                ") GROUP BY c.level";
constexpr char kCountByLevel[] =
    "SELECT a.level, COUNT(*) AS total, COALESCE(SUM(a.suspended), 0) AS suspended,"
    " COALESCE(SUM(a.over_limit), 0) AS over_limit "
    "FROM account a WHERE a.deleted_at IS NULL AND a.own_client = 0 AND " RM_IN_SCOPE
    " GROUP BY a.level";
constexpr auto kCountsRow = db::Columns::Of(kAdminCounts);
static_assert(kCountsRow == db::Columns::Of(kCountByLevel));
// An account a group action names (Resolve; the statement is built for its names).
#define RM_RESOLVED_COLUMNS "a.id, a.name, a.users_count, a.tree_path, a.own_client"
constexpr db::Columns kResolvedRow{RM_RESOLVED_COLUMNS};
constexpr auto kDeniedGroupsRow = db::Columns::Of(statements::kDeniedGroups);

// A host administrator's account, the root of its tree (sql/017).
constexpr char kInsertAdminAccount[] =
    "INSERT INTO account (parent_id, level, name, fullname) VALUES (NULL, " RM_LEVEL_ADMIN
    ", ?, 'Administrator')";
constexpr char kSetRootPath[] = "UPDATE account SET tree_path = CONCAT('/', id, '/') WHERE id = ?";

// The reseller's own client account: its place among the accounts it owns, not scope.
constexpr char kOwnClientOf[] =
    "SELECT name FROM account WHERE parent_id = ? AND own_client = 1 AND deleted_at IS NULL";
constexpr auto kOwnClientOfColumns = db::Columns::Of(kOwnClientOf);

constexpr char kPathOf[] = "SELECT tree_path FROM account WHERE id = ?";
constexpr auto kPathOfColumns = db::Columns::Of(kPathOf);
// A new account's place: its owner's path and its own id (sql/017).
constexpr char kSetTreePath[] = R"sql(
    UPDATE account c JOIN account o ON o.id = c.parent_id
       SET c.tree_path = CONCAT(o.tree_path, c.id, '/')
     WHERE c.id = ?)sql";
constexpr char kClearDenied[] = "DELETE FROM account_denied_group WHERE account_id = ?";
constexpr char kDeny[] = "INSERT INTO account_denied_group (account_id, grp) VALUES (?, ?)";

}  // namespace

const std::vector<LimitDescriptor>& MySqlAccountStore::Descriptors() {
  return limits_.Descriptors();
}

std::optional<Account> MySqlAccountStore::Find(const Scope& scope, int level,
                                               std::string_view name) {
  sql::PreparedStatement& find = connection_.Prepare(Scoped(kFindAccount, scope).c_str());
  find.setString(1, std::string(name));
  find.setInt(2, level);
  BindScope(find, 3, scope);
  auto rows = db::Select(find);
  if (!rows->next()) return std::nullopt;
  return ReadAccount(*rows);
}

std::optional<Account> MySqlAccountStore::Get(long long account_id) {
  auto rows = db::Select(db::Query(connection_, kGetAccount, account_id));
  if (!rows->next()) return std::nullopt;
  return ReadAccount(*rows);
}

std::optional<Account> MySqlAccountStore::OwnOrResellerBelow(const Scope& scope,
                                                             std::string_view own_name,
                                                             std::string_view name) {
  if (name.empty() || name == own_name) return Get(scope.account_id);
  return Find(scope, kResellerLevel, name);
}

std::optional<Account> MySqlAccountStore::FindBelow(const Scope& scope, std::string_view name) {
  sql::PreparedStatement& find = connection_.Prepare(Scoped(kFindBelow, scope).c_str());
  find.setString(1, std::string(name));
  find.setInt(2, scope.level);
  BindScope(find, 3, scope);
  auto rows = db::Select(find);
  if (!rows->next()) return std::nullopt;
  return ReadAccount(*rows);
}

LimitValues MySqlAccountStore::LoadLimits(long long account_id) {
  LimitValues limits;
  auto rows = db::Select(db::Query(connection_, kSelectLimits, account_id));
  while (rows->next())
    limits[rows->getString(kSelectLimitsColumns["name"])] =
        rows->getUInt64(kSelectLimitsColumns["value"]);
  return limits;
}

long long MySqlAccountStore::Create(const Scope& scope, int level, long long owner_id,
                                    const std::string& name, const AccountChanges& changes) {
  db::Transaction tx(connection_);
  sql::PreparedStatement& in_scope = connection_.Prepare(Scoped(kOwnerInScope, scope).c_str());
  in_scope.setInt64(1, owner_id);
  in_scope.setInt64(2, scope.account_id);
  BindScope(in_scope, 3, scope);
  if (!db::Select(in_scope)->next()) throw PluginError(ErrorKind::kNotFound, "owner");

  LimitValues limits;
  for (const auto& [limit, value] : changes.limits) {
    if (value) limits[limit] = *value;
  }
  // Locks the owner row first (parent before child). A user takes a user slot of its owner; a
  // sub-reseller only the users limit it is given (issue 20).
  const int users = level == kUserLevel ? 1 : 0;
  CheckPool(owner_id, 0, limits, users);
  if (db::Select(db::Query(connection_, kNameTaken, name, name))->next()) {
    throw PluginError(ErrorKind::kExists, "name", name);
  }
  try {
    db::Query(connection_, kInsertAccount, owner_id, level, name, changes.fullname.value_or(""),
              changes.email.value_or(""), changes.phone.value_or(""), changes.company.value_or(""),
              changes.address.value_or(""), changes.comment.value_or(""),
              changes.oversell.value_or(false), changes.preset.value_or(""),
              changes.allowed_ips.value_or(""), changes.require_totp.value_or(false),
              changes.may_resell.value_or(false))
        .executeUpdate();
    const long long id = connection_.LastInsertId();
    db::Query(connection_, kSetTreePath, id).executeUpdate();
    db::Query(connection_, kRefreshDenied, id).executeUpdate();  // the groups above it
    logins_.CreateOwner(id, name, changes.password_hash.value_or(""), changes.email.value_or(""),
                        changes.force_password_change.value_or(false));
    WriteLimits(id, changes);
    db::Query(connection_, kRefreshTotpRequired, id).executeUpdate();
    if (users != 0) db::Query(connection_, kAddUsers, users, owner_id).executeUpdate();
    db::Query(connection_, kAddToLevelCount, 1, level, connection_.Shard(kCountShards))
        .executeUpdate();
    if (level == kResellerLevel) CreateOwnClient(id, name, changes);
    tx.Commit();
    return id;
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == 1062) throw PluginError(ErrorKind::kExists, "name", name);
    throw;
  }
}

// A new reseller's own client account, in the reseller's transaction: "NAME-own" (or the next
// free "NAME-ownN"), with the reseller's e-mail and company, a login without a password (the
// reseller acts in it through su), and no place among the reseller's users.
void MySqlAccountStore::CreateOwnClient(long long reseller_id, const std::string& reseller_name,
                                        const AccountChanges& changes) {
  std::string name = reseller_name + "-own";
  for (int n = 2; db::Select(db::Query(connection_, kNameTaken, name, name))->next(); ++n) {
    if (n > 9) throw PluginError(ErrorKind::kExists, "name", reseller_name + "-own");
    name = reseller_name + "-own" + std::to_string(n);
  }
  db::Query(connection_, kInsertOwnClient, reseller_id, name, changes.email.value_or(""),
            changes.company.value_or(""), changes.address.value_or(""))
      .executeUpdate();
  const long long id = connection_.LastInsertId();
  db::Query(connection_, kSetTreePath, id).executeUpdate();
  db::Query(connection_, kRefreshDenied, id).executeUpdate();
  // No address: its login has no password, and no reset may give it one.
  logins_.CreateOwner(id, name, "", "", false);
  db::Query(connection_, kRefreshTotpRequired, id).executeUpdate();
  // Not counted among the level's accounts (account_level_count, sql/031).
}

void MySqlAccountStore::Update(const Account& account, const AccountChanges& changes, bool force) {
  db::Transaction tx(connection_);
  const LimitValues limits = Changed(account, changes);
  if (!changes.limits.empty()) {
    CheckPool(account.owner_id, account.id, limits, 0);  // owner first (lock order)
    if (account.level == kResellerLevel && !force) CheckLowering(account, limits);
  }
  db::Assignments set;
  set.Set("fullname", changes.fullname);
  set.Set("email", changes.email);
  set.Set("phone", changes.phone);
  set.Set("company", changes.company);
  set.Set("address", changes.address);
  set.Set("comment", changes.comment);
  set.Set("preset", changes.preset);
  set.Set("allowed_ips", changes.allowed_ips);
  set.Set("oversell", changes.oversell);
  set.Set("require_totp", changes.require_totp);
  set.Set("may_resell", changes.may_resell);
  set.Set("su_reason_required", changes.su_reason_required);
  if (changes.email)  // before the account's own address changes
    logins_.OwnerEmailFollows(account.id, *changes.email);
  set.Apply(connection_, "account", account.id);
  // The owner's sessions end with a new password; its staff and its users keep theirs.
  if (changes.password_hash) logins_.SetOwnerPassword(account.id, *changes.password_hash);
  if (changes.force_password_change)
    logins_.SetOwnerForceChange(account.id, *changes.force_password_change);
  WriteLimits(account.id, changes);
  if (changes.require_totp)
    db::Query(connection_, kRefreshTotpRequired, account.id).executeUpdate();
  logins_.AccountChanged(account.id);  // its addresses, its second-factor rule
  tx.Commit();
}

ListFilter MySqlAccountStore::SavedFilter(long long login_id, const std::string& list) {
  return logins_.SavedFilter(login_id, list);
}

void MySqlAccountStore::SaveFilter(long long login_id, const std::string& list,
                                   const ListFilter& filter) {
  logins_.SaveFilter(login_id, list, filter);
}

std::vector<std::string> MySqlAccountStore::DeniedGroups(long long account_id) {
  std::vector<std::string> groups;
  auto rows = db::Select(db::Query(connection_, kDeniedGroups, account_id));
  while (rows->next()) groups.push_back(rows->getString(kDeniedGroupsRow["grp"]));
  return groups;
}

void MySqlAccountStore::SetDeniedGroups(long long account_id,
                                        const std::vector<std::string>& groups) {
  db::Transaction tx(connection_);
  db::Query(connection_, kClearDenied, account_id).executeUpdate();
  for (const std::string& group : groups)
    db::Query(connection_, kDeny, account_id, group).executeUpdate();
  db::Query(connection_, kRefreshDenied, account_id).executeUpdate();
  db::Query(connection_, kRefreshSubtreeDenied, SubtreePattern(PathOf(account_id))).executeUpdate();
  if (std::find(groups.begin(), groups.end(), "users") != groups.end())
    logins_.EndSwitchedSessions(account_id);
  logins_.SubtreeChanged(PathOf(account_id));
  tx.Commit();
}

std::vector<LevelCounts> MySqlAccountStore::CountByLevel(const Scope& scope) {
  sql::PreparedStatement& count = scope.level >= kAdminLevel
                                      ? connection_.Prepare(kAdminCounts)
                                      : connection_.Prepare(Scoped(kCountByLevel, scope).c_str());
  if (scope.level < kAdminLevel) BindScope(count, 1, scope);
  std::vector<LevelCounts> counts;
  auto rows = db::Select(count);
  constexpr const db::Columns& k = kCountsRow;
  while (rows->next()) {
    counts.push_back({rows->getInt(k["level"]), rows->getInt64(k["total"]),
                      rows->getInt64(k["suspended"]), rows->getInt64(k["over_limit"])});
  }
  return counts;
}

void MySqlAccountStore::RefreshTotpRequired() {
  connection_.Prepare(kRefreshAllTotpRequired).executeUpdate();
  logins_.EveryAccountChanged();
}

long long MySqlAccountStore::CreateAdmin(const std::string& name) {
  db::Transaction tx(connection_);
  if (db::Select(db::Query(connection_, kNameTaken, name, name))->next())
    throw PluginError(ErrorKind::kExists, "login", name);
  db::Query(connection_, kInsertAdminAccount, name).executeUpdate();
  const long long id = connection_.LastInsertId();
  db::Query(connection_, kSetRootPath, id).executeUpdate();
  db::Query(connection_, kAddToLevelCount, 1, kAdminLevel, connection_.Shard(kCountShards))
      .executeUpdate();
  tx.Commit();
  return id;
}

std::optional<std::string> MySqlAccountStore::OwnClientOf(long long reseller_id) {
  auto rows = db::Select(db::Query(connection_, kOwnClientOf, reseller_id));
  if (!rows->next()) return std::nullopt;
  return std::string(rows->getString(kOwnClientOfColumns["name"]));
}

bool MySqlAccountStore::Allows(const core::Caller& caller, std::string_view group) {
  if (static_cast<int>(caller.level) >= static_cast<int>(core::AccessLevel::kAdmin)) return true;
  const std::vector<std::string> denied =
      caller.denied_groups ? *caller.denied_groups : DeniedGroups(caller.account_id);
  return std::find(denied.begin(), denied.end(), group) == denied.end();
}

std::vector<MySqlAccountStore::Resolved> MySqlAccountStore::Resolve(
    const Scope& scope, int level, const std::vector<std::string>& names) {
  auto statement = connection_.PrepareUncached(
      Scoped("SELECT " RM_RESOLVED_COLUMNS " FROM account a WHERE a.name IN (" +
                 db::Placeholders(names.size()) +
                 ") AND a.level = ? AND a.deleted_at IS NULL AND " RM_IN_SCOPE
                 " ORDER BY a.id FOR UPDATE",  // lower id before higher
             scope));
  int i = 0;
  for (const std::string& name : names) statement->setString(++i, name);
  statement->setInt(++i, level);
  BindScope(*statement, i + 1, scope);
  std::vector<Resolved> found;
  auto rows = db::Select(*statement);
  while (rows->next()) {
    constexpr const db::Columns& k = kResolvedRow;
    found.push_back({rows->getInt64(k["id"]), rows->getString(k["name"]),
                     rows->getInt64(k["users_count"]), rows->getString(k["tree_path"]),
                     rows->getBoolean(k["own_client"])});
  }
  for (const std::string& name : names) {
    if (std::none_of(found.begin(), found.end(),
                     [&](const Resolved& r) { return r.name == name; })) {
      throw PluginError(ErrorKind::kNotFound, "elid", name);
    }
  }
  return found;
}

std::string MySqlAccountStore::PathOf(long long account_id) {
  auto rows = db::Select(db::Query(connection_, kPathOf, account_id));
  return rows->next() ? std::string(rows->getString(kPathOfColumns["tree_path"])) : std::string();
}

}  // namespace resellermgr::account
