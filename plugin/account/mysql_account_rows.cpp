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

// RM_ROW_COLUMNS, which the list's and the form's columns begin with.
template <const db::Columns& kColumns>
Account ReadRow(sql::ResultSet& row) {
  Account a;
  a.id = row.getInt64(kColumns["id"]);
  a.name = row.getString(kColumns["name"]);
  a.level = row.getInt(kColumns["level"]);
  a.owner_id = row.getInt64(kColumns["parent_id"]);
  a.owner = row.getString(kColumns["owner"]);
  a.fullname = row.getString(kColumns["fullname"]);
  a.email = row.getString(kColumns["email"]);
  a.suspended = row.getBoolean(kColumns["suspended"]);
  a.users_count = row.getInt64(kColumns["users_count"]);
  a.quota_used = row.getUInt64(kColumns["quota_used"]);
  a.traff_used = row.getUInt64(kColumns["traff_used"]);
  if (!row.isNull(kColumns["owner_limits"]))
    a.owner_limits = ParseLimitList(row.getString(kColumns["owner_limits"]));
  a.preset = row.getString(kColumns["preset"]);
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
  Account a = ReadRow<kAccountRow>(row);
  a.phone = row.getString(kAccountRow["phone"]);
  a.company = row.getString(kAccountRow["company"]);
  a.address = row.getString(kAccountRow["address"]);
  a.comment = row.getString(kAccountRow["comment"]);
  a.oversell = row.getBoolean(kAccountRow["oversell"]);
  a.allowed_ips = row.getString(kAccountRow["allowed_ips"]);
  a.require_totp = row.getBoolean(kAccountRow["require_totp"]);
  a.tree_path = row.getString(kAccountRow["tree_path"]);
  a.may_resell = row.getBoolean(kAccountRow["may_resell"]);
  a.own_client = row.getBoolean(kAccountRow["own_client"]);
  a.limits = ParseLimitList(row.getString(kAccountRow["limits"]));
  return a;
}

Account ReadListRow(sql::ResultSet& row) {
  Account a = ReadRow<kListRow>(row);
  a.limits = ParseLimitList(row.getString(kListRow["limits"]));
  return a;
}

}  // namespace resellermgr::account::store
