#include "identity/mysql_auth_rows.h"

#include "util/crypto.h"

namespace resellermgr::identity::store {

std::string TokenHash(std::string_view token) { return util::Sha256(token); }

void ReadPermissions(sql::ResultSet& row, int first, LoginRecord& login) {
  login.is_owner = row.getBoolean(first);
  login.group_rights =
      row.isNull(first + 1) ? std::nullopt : std::optional<std::string>(row.getString(first + 1));
  login.login_ips = row.getString(first + 2);
  login.company_ips = row.getString(first + 3);
  login.totp_enabled = row.getBoolean(first + 4);
  login.totp_required = row.getBoolean(first + 5);
  login.account_path = row.getString(first + 6);
}

LoginRecord ReadLogin(sql::ResultSet& row) {
  LoginRecord login;
  login.id = row.getInt64(1);
  login.name = row.getString(2);
  login.account_id = row.getInt64(3);
  login.account_name = row.getString(4);
  login.level = row.getInt(5);
  login.password_hash = row.getString(6);
  login.force_password_change = row.getBoolean(7);
  login.denied_groups = row.getString(8);
  login.lang = row.getString(9);
  ReadPermissions(row, 10, login);
  return login;
}

void BindHash(sql::PreparedStatement& statement, int index, const std::string& hash) {
  statement.setString(index, sql::SQLString(hash.data(), hash.size()));
}

}  // namespace resellermgr::identity::store
