#include "account/mysql_account_rows.h"

#include <charconv>

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
// Read on every row of every list page: the names come sorted (GROUP_CONCAT ... ORDER BY), so
// each goes in at the end, and the values are read in place.
LimitValues ParseLimitList(std::string_view text) {
  LimitValues limits;
  while (!text.empty()) {
    const std::size_t comma = std::min(text.find(','), text.size());
    const std::string_view limit = text.substr(0, comma);
    text.remove_prefix(std::min(comma + 1, text.size()));
    const std::size_t eq = limit.find('=');
    if (eq == std::string_view::npos) continue;
    std::uint64_t value = 0;
    const std::string_view digits = limit.substr(eq + 1);
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    limits.emplace_hint(limits.end(), limit.substr(0, eq), value);
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
    a.owner_limits = ParseLimitList(row.getString(kColumns["owner_limits"]).asStdString());
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
  a.limits = ParseLimitList(row.getString(kAccountRow["limits"]).asStdString());
  return a;
}

Account ReadListRow(sql::ResultSet& row) {
  Account a = ReadRow<kListRow>(row);
  a.limits = ParseLimitList(row.getString(kListRow["limits"]).asStdString());
  return a;
}

}  // namespace resellermgr::account::store
