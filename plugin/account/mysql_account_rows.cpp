#include "account/mysql_account_rows.h"

#include "base/text.h"
#include "tenancy/tenancy.h"

namespace resellermgr::account::store {
namespace {

std::string ScopeClause(const Scope& scope) {
  if (scope.level >= kAdminLevel) return "a.level < " RM_LEVEL_ADMIN;
  if (scope.level >= kResellerLevel) return RM_BELOW("a");
  return "FALSE";
}

// A copy of an account's limits as account.limits keeps it: "limit_quota=1024,limit_ssl=1".
LimitValues ParseLimitList(const std::string& text) {
  LimitValues limits;
  for (std::string_view limit : base::SplitList(text)) {
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

}  // namespace

std::string Scoped(std::string sql, const Scope& scope) {
  const auto pos = sql.find(RM_IN_SCOPE);
  if (pos != std::string::npos) sql.replace(pos, 7, ScopeClause(scope));
  return sql;
}

int BindScope(sql::PreparedStatement& statement, int index, const Scope& scope) {
  if (scope.level >= kAdminLevel || scope.level < kResellerLevel) return 0;
  statement.setString(index, SubtreePattern(scope.path));
  return 1;
}

Account ReadAccount(sql::ResultSet& row) {
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

Account ReadListRow(sql::ResultSet& row) {
  Account a = ReadRow(row);
  a.limits = ParseLimitList(row.getString(kRowColumns + 1));
  return a;
}

}  // namespace resellermgr::account::store
