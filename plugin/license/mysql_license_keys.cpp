// Activation keys (sql/041): the license store's statements about keys, the slot a server takes,
// and the servers a key's removal frees. The licences themselves: mysql_license_store.cpp.
#include <cppconn/exception.h>

#include "base/errors.h"
#include "db/columns.h"
#include "license/license_store.h"

namespace resellermgr::license {
namespace {

using base::ErrorKind;
using base::PluginError;

#define RM_KEY_ROW                                                                             \
  "SELECT k.id, k.token, a.name AS owner, COALESCE(s.login, '') AS server_account, k.note, "   \
  "DATE_FORMAT(k.created_at, '%Y-%m-%d %H:%i') AS created, k.type_code, t.name AS type_name, " \
  "k.account_id, k.server_limit, k.servers, k.server_account_id, a.tree_path AS owner_path "   \
  "FROM license_key k JOIN account a ON a.id = k.account_id "                                  \
  "JOIN license_type t ON t.code = k.type_code "                                               \
  "LEFT JOIN server_account s ON s.id = k.server_account_id "
constexpr char kKeys[] =
    RM_KEY_ROW "WHERE " RM_IN_REACH("a") " AND (? = 0 OR k.server_account_id = ?) ORDER BY k.id";
constexpr auto kKeyRow = db::Columns::Of(kKeys);
constexpr char kFindKey[] = RM_KEY_ROW "WHERE k.id = ? AND " RM_IN_REACH("a") " FOR UPDATE";
static_assert(kKeyRow == db::Columns::Of(kFindKey));
constexpr char kKeyByToken[] =
    RM_KEY_ROW "WHERE k.token = ? AND a.deleted_at IS NULL AND NOT a.suspended";
static_assert(kKeyRow == db::Columns::Of(kKeyByToken));
constexpr char kAddKey[] = R"sql(
    INSERT INTO license_key (token, account_id, server_account_id, type_code, server_limit, note)
    VALUES (?, ?, NULLIF(?, 0), ?, ?, ?))sql";
constexpr char kUpdateKey[] = "UPDATE license_key SET server_limit = ?, note = ? WHERE id = ?";
constexpr char kTakeSlot[] =
    "UPDATE license_key SET servers = servers + 1 WHERE id = ? AND servers < server_limit";
constexpr char kRemoveKey[] = "DELETE FROM license_key WHERE id = ?";
Key KeyOf(sql::ResultSet& row) {
  constexpr const db::Columns& k = kKeyRow;
  Key key;
  key.id = row.getInt64(k["id"]);
  key.token = row.getString(k["token"]);
  key.owner = row.getString(k["owner"]);
  key.server_account = row.getString(k["server_account"]);
  key.note = row.getString(k["note"]);
  key.created = row.getString(k["created"]);
  key.type_code = row.getInt(k["type_code"]);
  key.type_name = row.getString(k["type_name"]);
  key.account_id = row.getInt64(k["account_id"]);
  key.server_limit = row.getInt64(k["server_limit"]);
  key.servers = row.getInt64(k["servers"]);
  key.owner_path = row.getString(k["owner_path"]);
  if (!row.isNull(k["server_account_id"]))
    key.server_account_id = row.getInt64(k["server_account_id"]);
  return key;
}

}  // namespace

std::optional<Key> MySqlLicenseStore::KeyByToken(const std::string& token) {
  auto rows = db::Select(db::Query(connection_, kKeyByToken, token));
  if (!rows->next()) return std::nullopt;
  return KeyOf(*rows);
}

bool MySqlLicenseStore::TakeSlot(long long key_id) {
  return db::Query(connection_, kTakeSlot, key_id).executeUpdate() == 1;
}

std::vector<Key> MySqlLicenseStore::Keys(const Reach& reach,
                                         std::optional<long long> server_account_id) {
  std::vector<Key> keys;
  const long long account = server_account_id.value_or(0);
  auto rows = db::Select(
      db::Query(connection_, kKeys, reach.admin, reach.account_id, reach.below, account, account));
  while (rows->next()) keys.push_back(KeyOf(*rows));
  return keys;
}

std::optional<Key> MySqlLicenseStore::FindKey(const Reach& reach, long long id) {
  auto rows =
      db::Select(db::Query(connection_, kFindKey, id, reach.admin, reach.account_id, reach.below));
  if (!rows->next()) return std::nullopt;
  return KeyOf(*rows);
}

long long MySqlLicenseStore::AddKey(const Key& key) {
  db::Query(connection_, kAddKey, key.token, key.account_id, key.server_account_id.value_or(0),
            key.type_code, key.server_limit, key.note)
      .executeUpdate();
  return connection_.LastInsertId();
}

void MySqlLicenseStore::UpdateKey(long long id, long long server_limit, const std::string& note) {
  db::Query(connection_, kUpdateKey, server_limit, note, id).executeUpdate();
}

std::vector<Key> MySqlLicenseStore::RemoveKeys(const Reach& reach,
                                               const std::vector<long long>& ids) {
  std::vector<Key> removed;
  for (long long id : ids) {
    std::optional<Key> key = FindKey(reach, id);
    if (!key) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
    db::Query(connection_, kRemoveKey, id).executeUpdate();  // its licences go with it
    removed.push_back(std::move(*key));
  }
  return removed;
}

}  // namespace resellermgr::license
