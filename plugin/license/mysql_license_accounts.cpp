// Server accounts (sql/041): the license store's statements about a reseller's customers and
// their licence limits. The licences themselves: mysql_license_store.cpp.
#include <cppconn/exception.h>

#include "base/errors.h"
#include "db/columns.h"
#include "license/license_store.h"

namespace resellermgr::license {
namespace {

using base::ErrorKind;
using base::PluginError;

constexpr int kDuplicateKey = 1062;

#define RM_SERVER_ACCOUNT_ROW                                                            \
  "SELECT s.id, s.account_id, s.login, s.first_name, s.last_name, s.company, s.email, "  \
  "a.name AS owner, DATE_FORMAT(s.created_at, '%Y-%m-%d') AS created, s.license_limit, " \
  "(SELECT COUNT(*) FROM license l WHERE l.server_account_id = s.id) AS licenses, "      \
  "(SELECT COUNT(*) FROM license_key k WHERE k.server_account_id = s.id) AS key_count "  \
  "FROM server_account s JOIN account a ON a.id = s.account_id "
constexpr char kServerAccounts[] = RM_SERVER_ACCOUNT_ROW "WHERE s.account_id = ? ORDER BY s.login";
constexpr auto kServerAccountRow = db::Columns::Of(kServerAccounts);
constexpr char kFindServerAccount[] =
    RM_SERVER_ACCOUNT_ROW "WHERE s.account_id = ? AND s.login = ? FOR UPDATE";
static_assert(kServerAccountRow == db::Columns::Of(kFindServerAccount));
constexpr char kAddServerAccount[] = R"sql(
    INSERT INTO server_account (account_id, login, first_name, last_name, company, email,
                                license_limit)
    VALUES (?, ?, ?, ?, ?, ?, IF(? < 0, NULL, ?)))sql";
constexpr char kUpdateServerAccount[] = R"sql(
    UPDATE server_account SET first_name = ?, last_name = ?, company = ?, email = ?,
                              license_limit = IF(? < 0, NULL, ?)
    WHERE id = ?)sql";
constexpr char kLicensesOf[] = "SELECT COUNT(*) AS n FROM license WHERE server_account_id = ?";
constexpr auto kCountRow = db::Columns::Of(kLicensesOf);
constexpr char kRoom[] = R"sql(
    SELECT s.license_limit IS NULL OR
           (SELECT COUNT(*) FROM license l WHERE l.server_account_id = s.id) < s.license_limit
           AS room
    FROM server_account s WHERE s.id = ? FOR UPDATE)sql";
constexpr auto kRoomRow = db::Columns::Of(kRoom);
constexpr char kRemoveAccountLicenses[] = "DELETE FROM license WHERE server_account_id = ?";
constexpr char kRemoveAccountKeys[] = "DELETE FROM license_key WHERE server_account_id = ?";
constexpr char kRemoveServerAccount[] = "DELETE FROM server_account WHERE id = ?";

ServerAccount ServerAccountOf(sql::ResultSet& row) {
  constexpr const db::Columns& k = kServerAccountRow;
  ServerAccount s;
  s.id = row.getInt64(k["id"]);
  s.account_id = row.getInt64(k["account_id"]);
  s.login = row.getString(k["login"]);
  s.first_name = row.getString(k["first_name"]);
  s.last_name = row.getString(k["last_name"]);
  s.company = row.getString(k["company"]);
  s.email = row.getString(k["email"]);
  s.owner = row.getString(k["owner"]);
  s.created = row.getString(k["created"]);
  if (!row.isNull(k["license_limit"])) s.license_limit = row.getInt64(k["license_limit"]);
  s.licenses = row.getInt64(k["licenses"]);
  s.keys = row.getInt64(k["key_count"]);
  return s;
}

}  // namespace

std::vector<ServerAccount> MySqlLicenseStore::ServerAccounts(long long owner_id) {
  std::vector<ServerAccount> accounts;
  auto rows = db::Select(db::Query(connection_, kServerAccounts, owner_id));
  while (rows->next()) accounts.push_back(ServerAccountOf(*rows));
  return accounts;
}

std::optional<ServerAccount> MySqlLicenseStore::FindServerAccount(long long owner_id,
                                                                  const std::string& login) {
  auto rows = db::Select(db::Query(connection_, kFindServerAccount, owner_id, login));
  if (!rows->next()) return std::nullopt;
  return ServerAccountOf(*rows);
}

long long MySqlLicenseStore::AddServerAccount(const ServerAccount& s) {
  const long long limit = s.license_limit.value_or(-1);
  try {
    db::Query(connection_, kAddServerAccount, s.account_id, s.login, s.first_name, s.last_name,
              s.company, s.email, limit, limit)
        .executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kDuplicateKey) throw;
    throw PluginError(ErrorKind::kExists, "login", s.login);
  }
  return connection_.LastInsertId();
}

void MySqlLicenseStore::UpdateServerAccount(const ServerAccount& s) {
  const long long limit = s.license_limit.value_or(-1);
  db::Query(connection_, kUpdateServerAccount, s.first_name, s.last_name, s.company, s.email, limit,
            limit, s.id)
      .executeUpdate();
}

long long MySqlLicenseStore::LicensesOf(long long server_account_id) {
  auto rows = db::Select(db::Query(connection_, kLicensesOf, server_account_id));
  rows->next();
  return rows->getInt64(kCountRow["n"]);
}

bool MySqlLicenseStore::ServerAccountHasRoom(long long server_account_id) {
  auto rows = db::Select(db::Query(connection_, kRoom, server_account_id));
  return rows->next() && rows->getBoolean(kRoomRow["room"]);
}

void MySqlLicenseStore::RemoveServerAccounts(long long owner_id,
                                             const std::vector<std::string>& logins, bool cascade) {
  for (const std::string& login : logins) {
    const std::optional<ServerAccount> account = FindServerAccount(owner_id, login);
    if (!account) throw PluginError(ErrorKind::kNotFound, "elid", login);
    if (!cascade && (account->licenses > 0 || account->keys > 0))
      throw PluginError(ErrorKind::kExists, "elid", login,
                        "it holds " + std::to_string(account->licenses) + " licences and " +
                            std::to_string(account->keys) +
                            " keys: remove them first, or delete with cascade=on");
    db::Query(connection_, kRemoveAccountLicenses, account->id).executeUpdate();
    db::Query(connection_, kRemoveAccountKeys, account->id).executeUpdate();
    db::Query(connection_, kRemoveServerAccount, account->id).executeUpdate();
  }
}

}  // namespace resellermgr::license
