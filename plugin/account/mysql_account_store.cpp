#include <cppconn/exception.h>

#include <algorithm>
#include <functional>
#include <map>

#include "account/account_statements.h"
#include "account/account_store.h"
#include "account/limits.h"
#include "core/errors.h"
#include "core/text.h"
#include "db/transaction.h"

namespace resellermgr::account {
namespace {

using core::ErrorKind;
using core::PluginError;
using statements::kAddUsers;
using statements::kDeniedGroups;
using statements::kRefreshDenied;
using statements::kRefreshSubtreeDenied;

// The caller's subtree as a predicate on account `a` (tenancy, sql/017): admins reach every
// non-admin account, a reseller every account whose tree path extends its own (its
// sub-resellers and all the users below), a user nothing below itself. "{scope}" in a statement
// stands for it; BindScope binds its parameter. No statement names parents or levels for scope.
#define RM_IN_SCOPE "{scope}"

std::string ScopeClause(const Scope& scope) {
  if (scope.level >= 29) return "a.level < 29";
  if (scope.level >= 24) return "a.tree_path LIKE ?";
  return "FALSE";
}

// `sql` with its {scope} replaced for this caller.
std::string Scoped(std::string sql, const Scope& scope) {
  const auto pos = sql.find(RM_IN_SCOPE);
  if (pos != std::string::npos) sql.replace(pos, 7, ScopeClause(scope));
  return sql;
}

// An account row: what lists show (RM_LIST_COLUMNS, with the list's copy of the limits) and what
// forms show (RM_ACCOUNT_COLUMNS, with the contact details and switches; limits come apart). A
// list leaving the form-only columns out makes its page statement about a tenth cheaper.
#define RM_ROW_COLUMNS                                                                            \
  "a.id, a.name, a.level, a.parent_id, o.name, a.fullname, a.email, a.suspended, a.users_count, " \
  "a.quota_used, a.traff_used, o.limits, a.preset"
constexpr int kRowColumns = 13;  // RM_ROW_COLUMNS; the list's and the form's columns follow
#define RM_LIST_COLUMNS RM_ROW_COLUMNS ", a.limits"
#define RM_ACCOUNT_COLUMNS                                                                  \
  RM_ROW_COLUMNS                                                                            \
  ", a.phone, a.company, a.address, a.comment, a.oversell, a.allowed_ips, a.require_totp, " \
  "a.tree_path, "                                                                           \
  "a.may_resell, a.own_client"

constexpr char kSelectDescriptors[] =
    "SELECT name, kind, COALESCE(isp4_alias, '') FROM limit_descriptor ORDER BY sort_order";

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
// reseller.edit / user.edit passwd= and force_password_change: the account's owner login only;
// staff logins have their own (login.edit).
constexpr char kSetForceChange[] =
    "UPDATE login SET force_password_change = ? WHERE account_id = ? AND is_owner = 1";
constexpr char kSelectLimits[] = "SELECT name, value FROM account_limit WHERE account_id = ?";

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
    VALUES (?, 16, ?, ?, ?, ?, 1))sql";
constexpr char kInsertLogin[] =
    "INSERT INTO login (account_id, name, password_hash, is_owner) VALUES (?, ?, ?, 1)";
constexpr char kAddToLevelCount[] =
    "UPDATE account_level_count SET live = CAST(live AS SIGNED) + ? WHERE level = ?";
constexpr char kLevelCount[] = "SELECT live FROM account_level_count WHERE level = ?";
constexpr char kUsersCount[] = "SELECT users_count FROM account WHERE id = ?";
constexpr char kSetPassword[] = R"sql(
    UPDATE login SET password_hash = ?, password_changed_at = UTC_TIMESTAMP(6)
    WHERE account_id = ? AND is_owner = 1)sql";
// account.totp_required: the company's own flag or its level's policy (sql/016).
constexpr char kRefreshTotpRequired[] = R"sql(
    UPDATE account a
       SET a.totp_required = (a.require_totp = 1 OR
                              EXISTS (SELECT 1 FROM totp_required_level r WHERE r.level = a.level))
     WHERE a.id = ?)sql";
constexpr char kEndOwnerSessions[] = R"sql(
    DELETE s FROM login l JOIN session s ON s.login_id = l.id
    WHERE l.account_id = ? AND l.is_owner = 1)sql";

// The dashboard's counts. The host's administrator reaches every account: totals from the
// maintained counts, suspended and over-limit ones from their indexes (each statement reads
// only the matching entries). A reseller reaches its own users: one pass over them.
constexpr char kAdminCounts[] = R"sql(
    SELECT c.level, c.live,
           (SELECT COUNT(*) FROM account a
             WHERE a.level = c.level AND a.deleted_at IS NULL AND a.suspended = 1),
           (SELECT COUNT(*) FROM account a
             WHERE a.level = c.level AND a.deleted_at IS NULL AND a.over_limit = 1)
    FROM account_level_count c WHERE c.level IN (16, 24))sql";
constexpr char kCountByLevel[] =
    "SELECT a.level, COUNT(*), COALESCE(SUM(a.suspended), 0), COALESCE(SUM(a.over_limit), 0) "
    "FROM account a WHERE a.deleted_at IS NULL AND " RM_IN_SCOPE " GROUP BY a.level";

// login.list_filters: {"<list>": {"name": ..., "status": ...}}, one entry per list (sql/010).
// The list is a name from the code ("reseller", "user"), never request text.
constexpr char kSavedFilter[] = R"sql(
    SELECT COALESCE(JSON_VALUE(list_filters, CONCAT('$.', ?, '.name')), ''),
           COALESCE(JSON_VALUE(list_filters, CONCAT('$.', ?, '.status')), '')
    FROM login WHERE id = ?)sql";
constexpr char kSaveFilter[] = R"sql(
    UPDATE login
       SET list_filters = JSON_SET(list_filters, CONCAT('$.', ?),
                                   JSON_OBJECT('name', ?, 'status', ?))
     WHERE id = ?)sql";

constexpr char kPathOf[] = "SELECT tree_path FROM account WHERE id = ?";
// A new account's place: its owner's path and its own id (sql/017).
constexpr char kSetTreePath[] = R"sql(
    UPDATE account c JOIN account o ON o.id = c.parent_id
       SET c.tree_path = CONCAT(o.tree_path, c.id, '/')
     WHERE c.id = ?)sql";
constexpr char kClearDenied[] = "DELETE FROM account_denied_group WHERE account_id = ?";
// The account's own logins' sessions switched (su) into another account: one of its users.
constexpr char kEndSwitchedSessions[] = R"sql(
    DELETE s FROM login l JOIN session s ON s.login_id = l.id
    WHERE l.account_id = ? AND s.effective_account_id IS NOT NULL)sql";
constexpr char kDeny[] = "INSERT INTO account_denied_group (account_id, grp) VALUES (?, ?)";

// Sort columns: the only text from the request that reaches SQL, through this whitelist.
const std::map<std::string, std::string, std::less<>> kSortColumns = {
    {"name", "a.name"},          {"fullname", "a.fullname"}, {"email", "a.email"},
    {"owner", "o.name"},         {"users", "a.users_count"}, {"active", "a.suspended"},
    {"preset", "a.preset"},      {"level", "a.level"},       {"quota", "a.quota_used"},
    {"traffic", "a.traff_used"},
};
// The index that holds each sortable column in order within a level (sql/002, 003, 014). The
// admin's whole lists name it: the statement then reads the page straight off it, and the
// optimizer does not weigh the account table's other indexes on every execution (about a third
// of a first page's time on the server, more for a page that seeks, measured with ANALYZE).
const std::map<std::string, std::string, std::less<>> kSortIndexes = {
    {"name", "account_level_name"},        {"users", "account_level_users"},
    {"quota", "account_level_quota"},      {"traffic", "account_level_traff"},
    {"active", "account_level_suspended"},
};

// A copy of an account's limits as account.limits keeps it: "limit_quota=1024,limit_ssl=1".
LimitValues ParseLimitList(const std::string& text) {
  LimitValues limits;
  for (std::string_view limit : core::SplitList(text)) {
    const std::size_t eq = limit.find('=');
    limits[std::string(limit.substr(0, eq))] = std::stoull(std::string(limit.substr(eq + 1)));
  }
  return limits;
}

// RM_ROW_COLUMNS, in their order.
Account ReadRow(sql::ResultSet& row) {
  Account a;
  int c = 0;
  a.id = row.getInt64(++c);
  a.name = row.getString(++c);
  a.level = row.getInt(++c);
  a.owner_id = row.getInt64(++c);
  a.owner = row.getString(++c);
  a.fullname = row.getString(++c);
  a.email = row.getString(++c);
  a.suspended = row.getBoolean(++c);
  a.users_count = row.getInt64(++c);
  a.quota_used = row.getUInt64(++c);
  a.traff_used = row.getUInt64(++c);
  if (!row.isNull(++c)) a.owner_limits = ParseLimitList(row.getString(c));
  a.preset = row.getString(++c);
  return a;
}

Account ReadAccount(sql::ResultSet& row) {  // RM_ACCOUNT_COLUMNS
  Account a = ReadRow(row);
  int c = kRowColumns;
  a.phone = row.getString(++c);
  a.company = row.getString(++c);
  a.address = row.getString(++c);
  a.comment = row.getString(++c);
  a.oversell = row.getBoolean(++c);
  a.allowed_ips = row.getString(++c);
  a.require_totp = row.getBoolean(++c);
  a.tree_path = row.getString(++c);
  a.may_resell = row.getBoolean(++c);
  a.own_client = row.getBoolean(++c);
  return a;
}

Account ReadListRow(sql::ResultSet& row) {  // RM_LIST_COLUMNS
  Account a = ReadRow(row);
  a.limits = ParseLimitList(row.getString(kRowColumns + 1));
  return a;
}

// Binds the scope clause's parameter at `index`; returns how many it bound (0 or 1).
int BindScope(sql::PreparedStatement& statement, int index, const Scope& scope) {
  if (scope.level >= 29 || scope.level < 24) return 0;
  statement.setString(index, SubtreePattern(scope.path));
  return 1;
}

}  // namespace

const std::vector<LimitDescriptor>& MySqlAccountStore::Descriptors() {
  if (descriptors_.empty()) {
    auto rows = db::Select(connection_.Prepare(kSelectDescriptors));
    while (rows->next()) {
      const std::string kind = rows->getString(2);
      descriptors_.push_back({rows->getString(1),
                              kind == "flag"  ? LimitKind::kFlag
                              : kind == "mib" ? LimitKind::kMib
                                              : LimitKind::kCount,
                              rows->getString(3)});
    }
  }
  return descriptors_;
}

ListResult MySqlAccountStore::List(const Scope& scope, const ListQuery& query) {
  auto sort = kSortColumns.find(query.sort);
  if (sort == kSortColumns.end()) throw PluginError(ErrorKind::kInvalidValue, "p_sort", query.sort);
  std::string where = " WHERE a.level = ? AND a.deleted_at IS NULL AND " RM_IN_SCOPE;
  if (query.owner_id) where += " AND a.parent_id = ?";
  if (!query.name_contains.empty()) where += " AND a.name LIKE ?";
  if (!query.names.empty())
    where += " AND a.name IN (" + db::Placeholders(query.names.size()) + ")";
  if (query.suspended) where += " AND a.suspended = ?";
  if (query.over_limit) {
    where +=
        " AND EXISTS (SELECT 1 FROM account_limit l WHERE l.account_id = a.id AND "
        "((l.name = 'limit_quota' AND a.quota_used > l.value) OR "
        "(l.name = 'limit_traff' AND a.traff_used > l.value)))";
  }

  where = Scoped(where, scope);
  // Binds the WHERE parameters from position `i`; returns the next position.
  auto bind = [&](sql::PreparedStatement& s, int i) {
    s.setInt(i++, query.level);
    i += BindScope(s, i, scope);
    if (query.owner_id) s.setInt64(i++, *query.owner_id);
    if (!query.name_contains.empty()) s.setString(i++, db::LikeContains(query.name_contains));
    for (const std::string& name : query.names) s.setString(i++, name);
    if (query.suspended) s.setBoolean(i++, *query.suspended);
    return i;
  };

  // Unfiltered lists read their total from a maintained count, in the page query itself: one
  // statement carries the rows, their limits (a.limits, kept by WriteLimits) and the total.
  const bool filtered = !query.name_contains.empty() || query.suspended.has_value() ||
                        query.over_limit || !query.names.empty();
  // A reseller's subtree (its users, its sub-resellers and theirs) counts itself in the same
  // pass with a window function.
  std::string total_column = "NULL";
  long long total_key = 0;
  bool windowed = false;
  if (!filtered && scope.level >= 29 && !query.owner_id) {
    total_column = "(SELECT live FROM account_level_count WHERE level = ?)";
    total_key = query.level;
  } else if (!filtered) {
    total_column = "COUNT(*) OVER ()";
    windowed = true;
  }

  const char* direction = query.descending ? " DESC" : " ASC";
  const std::string order = " ORDER BY " + sort->second + direction + ", a.id" + direction;
  // A reseller's whole subtree comes off the tree index (sql/030), whatever the order.
  const auto index = kSortIndexes.find(query.sort);
  const bool subtree = windowed && scope.level < 29 && !query.owner_id;
  const std::string accounts = total_key != 0 && index != kSortIndexes.end()
                                   ? " FROM account a FORCE INDEX (" + index->second + ")"
                               : subtree
                                   ? std::string(" FROM account a FORCE INDEX (account_level_tree)")
                                   : std::string(" FROM account a");
  const std::string joined = accounts + " JOIN account o ON o.id = a.parent_id";
  const long long offset = static_cast<long long>(query.page - 1) * query.page_size;

  // The admin's whole lists in the orders whose keys only the account_list_stamp triggers
  // watch (sql/029) remember where their pages begin (page_places.h): a page then seeks to the
  // nearest place at or before it and skips only the rows between. Such a page reads one row
  // more than it shows, to remember where the next one begins, and the stamp, to check that
  // the place it started from still holds.
  const bool placed = total_key != 0 && (query.sort == "name" || query.sort == "users");
  const std::string order_key =
      placed ? std::to_string(query.level) + "/" + query.sort + direction : std::string();
  std::optional<PagePlace> from =
      placed && offset > 0 ? places_.AtOrBefore(order_key, offset) : std::nullopt;
  std::string seek;
  if (from) {
    // The rows from the place on, in the order: (key, id) at or after the place's.
    const char* past = query.descending ? " < " : " > ";
    seek = " AND (" + sort->second + past + "? OR (" + sort->second + " = ? AND a.id" +
           (query.descending ? " <= " : " >= ") + "?))";
  }
  const long long skip = from ? offset - from->offset : offset;
  const int rows_wanted = query.page_size + (placed ? 1 : 0);

  // Deep pages use a deferred join: the page's ids come from the index alone, so rows skipped by
  // OFFSET cost an index entry each, not a row read and an owner lookup. So do counted lists:
  // the count and the sort then go over narrow index entries, not whole rows (half the server's
  // time for a reseller's first page of 20 users out of 100). Other shallow pages skip the
  // derived table (and its temporary table), which would cost more than it saves.
  constexpr long long kDeferredJoinOffset = 200;
  const bool deep = skip >= kDeferredJoinOffset || windowed;
  const std::string columns =
      "SELECT " RM_LIST_COLUMNS ", " +
      (deep && windowed ? std::string("page.total") : total_column) +
      (placed ? ", (SELECT stamp FROM account_list_stamp WHERE id = 1)" : "");
  const std::string page_sql =
      deep ? columns + " FROM (SELECT a.id" + (windowed ? ", COUNT(*) OVER () AS total" : "") +
                 (query.sort == "owner" ? joined : accounts) + where + seek + order +
                 " LIMIT ? OFFSET ?) page JOIN account a ON a.id = page.id "
                 "JOIN account o ON o.id = a.parent_id" +
                 order
           : columns + joined + where + seek + order + " LIMIT ? OFFSET ?";
  sql::PreparedStatement& page = connection_.Prepare(page_sql.c_str());
  int next = 1;
  if (total_key != 0) page.setInt64(next++, total_key);
  next = bind(page, next);
  if (from) {
    for (int i = 0; i < 2; ++i) {
      if (query.sort == "users")
        page.setInt64(next++, std::stoll(from->value));
      else
        page.setString(next++, from->value);
    }
    page.setInt64(next++, from->id);
  }
  page.setInt(next, rows_wanted);
  page.setInt64(next + 1, skip);

  ListResult result;
  bool have_total = false;
  unsigned long long stamp = 0;
  auto rows = db::Select(page);
  while (rows->next()) {
    result.rows.push_back(ReadListRow(*rows));
    if (!rows->isNull(kRowColumns + 2)) {  // after RM_LIST_COLUMNS
      result.total = rows->getInt64(kRowColumns + 2);
      have_total = true;
    }
    if (placed) stamp = rows->getUInt64(kRowColumns + 3);
  }
  if (from && (result.rows.empty() || stamp != from->stamp)) {
    // The order changed since the place was read (or the page is past the end): read the page
    // the long way, which also remembers places under the new stamp.
    places_.Forget(order_key);
    return List(scope, query);
  }
  if (placed && !result.rows.empty()) {
    const auto place_of = [&](const Account& a, long long at) {
      return PagePlace{at, query.sort == "users" ? std::to_string(a.users_count) : a.name, a.id,
                       stamp};
    };
    places_.Remember(order_key, place_of(result.rows.front(), offset));
    if (static_cast<int>(result.rows.size()) > query.page_size) {
      places_.Remember(order_key, place_of(result.rows.back(), offset + query.page_size));
      result.rows.pop_back();
    }
  }
  if (!have_total) {  // filtered, or a page past the end
    sql::PreparedStatement& count =
        connection_.Prepare(("SELECT COUNT(*) FROM account a" + where).c_str());
    bind(count, 1);
    auto total = db::Select(count);
    total->next();
    result.total = total->getInt64(1);
  }
  return result;
}

std::optional<Account> MySqlAccountStore::Find(const Scope& scope, int level,
                                               std::string_view name) {
  sql::PreparedStatement& find = connection_.Prepare(Scoped(kFindAccount, scope).c_str());
  find.setString(1, std::string(name));
  find.setInt(2, level);
  BindScope(find, 3, scope);
  auto rows = db::Select(find);
  if (!rows->next()) return std::nullopt;
  Account account = ReadAccount(*rows);
  account.limits = LoadLimits(account.id);
  return account;
}

std::optional<Account> MySqlAccountStore::Get(long long account_id) {
  auto rows = db::Select(db::Query(connection_, kGetAccount, account_id));
  if (!rows->next()) return std::nullopt;
  Account account = ReadAccount(*rows);
  account.limits = LoadLimits(account.id);
  return account;
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
  while (rows->next()) limits[rows->getString(1)] = rows->getUInt64(2);
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
  CheckPool(owner_id, 0, limits, 1);  // locks the owner row first: parent before child
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
    db::Query(connection_, kInsertLogin, id, name, changes.password_hash.value_or(""))
        .executeUpdate();
    if (changes.force_password_change.value_or(false))
      db::Query(connection_, kSetForceChange, true, id).executeUpdate();
    WriteLimits(id, changes);
    db::Query(connection_, kRefreshTotpRequired, id).executeUpdate();
    db::Query(connection_, kAddUsers, 1, owner_id).executeUpdate();
    db::Query(connection_, kAddToLevelCount, 1, level).executeUpdate();
    if (level == 24) CreateOwnClient(id, name, changes);
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
  db::Query(connection_, kInsertLogin, id, name, std::string()).executeUpdate();
  db::Query(connection_, kRefreshTotpRequired, id).executeUpdate();
  db::Query(connection_, kAddToLevelCount, 1, 16).executeUpdate();
}

void MySqlAccountStore::Update(const Account& account, const AccountChanges& changes, bool force) {
  db::Transaction tx(connection_);
  LimitValues limits = account.limits;
  for (const auto& [name, value] : changes.limits) {
    if (value) {
      limits[name] = *value;
    } else {
      limits.erase(name);
    }
  }
  if (!changes.limits.empty()) {
    CheckPool(account.owner_id, account.id, limits, 0);  // owner first (lock order)
    if (account.level == 24 && !force) CheckLowering(account, limits);
  }
  std::string set;
  std::vector<std::string> values;
  auto field = [&](const char* column, const std::optional<std::string>& value) {
    if (!value) return;
    set += std::string(set.empty() ? "" : ", ") + column + " = ?";
    values.push_back(*value);
  };
  field("fullname", changes.fullname);
  field("email", changes.email);
  field("phone", changes.phone);
  field("company", changes.company);
  field("address", changes.address);
  field("comment", changes.comment);
  field("preset", changes.preset);
  field("allowed_ips", changes.allowed_ips);
  if (changes.oversell) field("oversell", std::string(*changes.oversell ? "1" : "0"));
  if (changes.require_totp) field("require_totp", std::string(*changes.require_totp ? "1" : "0"));
  if (changes.may_resell) field("may_resell", std::string(*changes.may_resell ? "1" : "0"));
  if (!set.empty()) {
    // Column names come from the fixed list above, never from the request.
    sql::PreparedStatement& update =
        connection_.Prepare(("UPDATE account SET " + set + " WHERE id = ?").c_str());
    int i = 0;
    for (const std::string& v : values) update.setString(++i, v);
    update.setInt64(++i, account.id);
    update.executeUpdate();
  }
  if (changes.password_hash) {
    db::Query(connection_, kSetPassword, *changes.password_hash, account.id).executeUpdate();
    // The owner's sessions end; its staff and its users keep theirs.
    db::Query(connection_, kEndOwnerSessions, account.id).executeUpdate();
  }
  if (changes.force_password_change) {
    db::Query(connection_, kSetForceChange, *changes.force_password_change, account.id)
        .executeUpdate();
  }
  WriteLimits(account.id, changes);
  if (changes.require_totp)
    db::Query(connection_, kRefreshTotpRequired, account.id).executeUpdate();
  tx.Commit();
}

ListFilter MySqlAccountStore::SavedFilter(long long login_id, const std::string& list) {
  auto rows = db::Select(db::Query(connection_, kSavedFilter, list, list, login_id));
  if (!rows->next()) return {};
  return {rows->getString(1), rows->getString(2)};
}

void MySqlAccountStore::SaveFilter(long long login_id, const std::string& list,
                                   const ListFilter& filter) {
  db::Query(connection_, kSaveFilter, list, filter.name_contains, filter.status, login_id)
      .executeUpdate();
}

std::vector<std::string> MySqlAccountStore::DeniedGroups(long long account_id) {
  std::vector<std::string> groups;
  auto rows = db::Select(db::Query(connection_, kDeniedGroups, account_id));
  while (rows->next()) groups.push_back(rows->getString(1));
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
    db::Query(connection_, kEndSwitchedSessions, account_id).executeUpdate();
  tx.Commit();
}

std::vector<LevelCounts> MySqlAccountStore::CountByLevel(const Scope& scope) {
  sql::PreparedStatement& count = scope.level >= 29
                                      ? connection_.Prepare(kAdminCounts)
                                      : connection_.Prepare(Scoped(kCountByLevel, scope).c_str());
  if (scope.level < 29) BindScope(count, 1, scope);
  std::vector<LevelCounts> counts;
  auto rows = db::Select(count);
  while (rows->next())
    counts.push_back({rows->getInt(1), rows->getInt64(2), rows->getInt64(3), rows->getInt64(4)});
  return counts;
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
      Scoped("SELECT a.id, a.name, a.users_count, a.tree_path, a.own_client FROM account a "
             "WHERE a.name IN (" +
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
    found.push_back({rows->getInt64(1), rows->getString(2), rows->getInt64(3), rows->getString(4),
                     rows->getBoolean(5)});
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
  return rows->next() ? std::string(rows->getString(1)) : std::string();
}

}  // namespace resellermgr::account
