#pragma once
// What the auth store's files (mysql_auth_store.cpp, mysql_auth_totp.cpp) share about logins:
// the columns a login is read from, their reader, and how secrets' hashes are bound.

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <string>
#include <string_view>

#include "identity/auth_store.h"

namespace resellermgr::identity::store {

// account.denied_groups: the groups reseller.access denies to the account or to its owner (kept
// by the account store), read with the login so the dispatcher's check costs no statement.
// The session query reads the login's saved list filters (login.list_filters) the same way.
// Columns 1-9 of a login lookup (ReadLogin).
// Columns 10-16 are what Permissions are built from: owner or not, the group's rights (NULL
// without a group) and the login's and the company's address locks.
#define RM_LOGIN_COLUMNS                                                            \
  "l.id, l.name, a.id, a.name, a.level, l.password_hash, l.force_password_change, " \
  "a.denied_groups, l.lang, l.is_owner, l.rights, l.allowed_ips, a.allowed_ips, "   \
  "l.totp_enabled, a.totp_required, a.tree_path"
#define RM_LOGIN_FROM " FROM login l JOIN account a ON a.id = l.account_id"
#define RM_LIVE_LOGIN "l.name = ? AND l.disabled = 0 AND a.deleted_at IS NULL AND a.suspended = 0"

LoginRecord ReadLogin(sql::ResultSet& row);  // RM_LOGIN_COLUMNS
// The owner flag, group rights, address locks, two-factor state and tree path from column
// `first` on (RM_LOGIN_COLUMNS' 10-16, and the session statement's).
void ReadPermissions(sql::ResultSet& row, int first, LoginRecord& login);
// What is stored of a token, key, challenge or code: its SHA-256, never the value.
std::string TokenHash(std::string_view token);
// Binary hashes go through setString: Connector/C++ sends the bytes unchanged.
void BindHash(sql::PreparedStatement& statement, int index, const std::string& hash);

}  // namespace resellermgr::identity::store
