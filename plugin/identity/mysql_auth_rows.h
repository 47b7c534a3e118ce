#pragma once
// What the auth store's files (mysql_auth_store.cpp, mysql_auth_totp.cpp) share about logins:
// the columns a login is read from, their reader, and how secrets' hashes are bound.

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <string>
#include <string_view>

#include "db/columns.h"
#include "identity/auth_store.h"

namespace resellermgr::identity::store {

// account.denied_groups: the groups reseller.access denies to the account or to its owner (kept
// by the account store), read with the login so the dispatcher's check costs no statement.
// The session query reads the login's saved list filters (login.list_filters) the same way.
// What Permissions are built from (ReadPermissions): owner or not, the group's rights (NULL
// without a group), the login's and the company's address locks, the two-factor state and the
// account's place in the tree.
#define RM_PERMISSION_COLUMNS                                                        \
  "l.is_owner, l.rights, l.allowed_ips AS login_ips, a.allowed_ips AS company_ips, " \
  "l.totp_enabled, a.totp_required, a.tree_path"
// A login lookup (ReadLogin).
#define RM_LOGIN_COLUMNS                                                                 \
  "l.id AS login_id, l.name AS login_name, a.id AS account_id, a.name AS account_name, " \
  "a.level, l.password_hash, l.force_password_change, a.denied_groups, "                 \
  "l.lang, " RM_PERMISSION_COLUMNS
#define RM_LOGIN_FROM " FROM login l JOIN account a ON a.id = l.account_id"
#define RM_LIVE_LOGIN "l.name = ? AND l.disabled = 0 AND a.deleted_at IS NULL AND a.suspended = 0"

// RM_PERMISSION_COLUMNS of a statement whose columns are `kColumns`.
template <const db::Columns& kColumns>
void ReadPermissions(sql::ResultSet& row, LoginRecord& login) {
  login.is_owner = row.getBoolean(kColumns["is_owner"]);
  login.group_rights = row.isNull(kColumns["rights"])
                           ? std::nullopt
                           : std::optional<std::string>(row.getString(kColumns["rights"]));
  login.login_ips = row.getString(kColumns["login_ips"]);
  login.company_ips = row.getString(kColumns["company_ips"]);
  login.totp_enabled = row.getBoolean(kColumns["totp_enabled"]);
  login.totp_required = row.getBoolean(kColumns["totp_required"]);
  login.account_path = row.getString(kColumns["tree_path"]);
}

// RM_LOGIN_COLUMNS of a statement whose columns are `kColumns`.
template <const db::Columns& kColumns>
LoginRecord ReadLogin(sql::ResultSet& row) {
  LoginRecord login;
  login.id = row.getInt64(kColumns["login_id"]);
  login.name = row.getString(kColumns["login_name"]);
  login.account_id = row.getInt64(kColumns["account_id"]);
  login.account_name = row.getString(kColumns["account_name"]);
  login.level = row.getInt(kColumns["level"]);
  login.password_hash = row.getString(kColumns["password_hash"]);
  login.force_password_change = row.getBoolean(kColumns["force_password_change"]);
  login.denied_groups = row.getString(kColumns["denied_groups"]);
  login.lang = row.getString(kColumns["lang"]);
  ReadPermissions<kColumns>(row, login);
  return login;
}
// What is stored of a token, key, challenge or code: its SHA-256, never the value.
std::string TokenHash(std::string_view token);
// Binary hashes go through setString: Connector/C++ sends the bytes unchanged.
void BindHash(sql::PreparedStatement& statement, int index, const std::string& hash);

}  // namespace resellermgr::identity::store
