#include <cppconn/exception.h>

#include "base/errors.h"
#include "db/columns.h"
#include "license/backup_store.h"

namespace resellermgr::license {
namespace {

using base::ErrorKind;
using base::PluginError;

constexpr int kDuplicateKey = 1062;

#define RM_BACKUP_ROW                                                                     \
  "SELECT b.id, b.license_id, l.account_id, l.ip, t.name AS type_name, a.name AS owner, " \
  "b.datacenter, DATE_FORMAT(b.created_at, '%Y-%m-%d %H:%i') AS created, "                \
  "DATE_FORMAT(b.changed_at, '%Y-%m-%d %H:%i') AS changed, l.type_code, b.size_gib "      \
  "FROM backup b JOIN license l ON l.id = b.license_id "                                  \
  "JOIN license_type t ON t.code = l.type_code JOIN account a ON a.id = l.account_id "
constexpr char kList[] = RM_BACKUP_ROW "WHERE " RM_IN_REACH("a") " ORDER BY l.ip, l.type_code";
constexpr auto kRow = db::Columns::Of(kList);
constexpr char kFind[] = RM_BACKUP_ROW "WHERE b.id = ? AND " RM_IN_REACH("a") " FOR UPDATE";
static_assert(kRow == db::Columns::Of(kFind));
constexpr char kAdd[] = "INSERT INTO backup (license_id, size_gib, datacenter) VALUES (?, ?, ?)";
constexpr char kChange[] = R"sql(
    UPDATE backup SET size_gib = ?, datacenter = ?, changed_at = UTC_TIMESTAMP(6) WHERE id = ?)sql";
constexpr char kRemove[] = "DELETE FROM backup WHERE id = ?";
constexpr char kHeld[] = R"sql(
    SELECT COALESCE(SUM(b.size_gib), 0) AS gib FROM backup b
    JOIN license l ON l.id = b.license_id JOIN account a ON a.id = l.account_id
    WHERE )sql" RM_AT_OR_BELOW("a");
constexpr auto kHeldRow = db::Columns::Of(kHeld);
constexpr char kPutKey[] = R"sql(
    INSERT INTO backup_key (key_hash, backup_id, expires_at)
    VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND))sql";
constexpr char kSweepKeys[] = "DELETE FROM backup_key WHERE expires_at < UTC_TIMESTAMP(6)";
constexpr char kKey[] = R"sql(
    SELECT backup_id FROM backup_key WHERE key_hash = ? AND expires_at >= UTC_TIMESTAMP(6)
    FOR UPDATE)sql";
constexpr auto kKeyRow = db::Columns::Of(kKey);
constexpr char kSpend[] = "DELETE FROM backup_key WHERE key_hash = ?";
constexpr char kById[] = RM_BACKUP_ROW "WHERE b.id = ?";
static_assert(kRow == db::Columns::Of(kById));

Backup BackupOf(sql::ResultSet& row) {
  constexpr const db::Columns& k = kRow;
  Backup b;
  b.id = row.getInt64(k["id"]);
  b.license_id = row.getInt64(k["license_id"]);
  b.account_id = row.getInt64(k["account_id"]);
  b.ip = row.getString(k["ip"]);
  b.type_name = row.getString(k["type_name"]);
  b.owner = row.getString(k["owner"]);
  b.datacenter = row.getString(k["datacenter"]);
  b.created = row.getString(k["created"]);
  b.changed = row.getString(k["changed"]);
  b.type_code = row.getInt(k["type_code"]);
  b.size_gib = row.getInt64(k["size_gib"]);
  return b;
}

}  // namespace

std::vector<Backup> MySqlBackupStore::List(const tenancy::Reach& reach) {
  std::vector<Backup> backups;
  auto rows = db::Select(db::Query(connection_, kList, reach.admin, reach.account_id, reach.below));
  while (rows->next()) backups.push_back(BackupOf(*rows));
  return backups;
}

std::optional<Backup> MySqlBackupStore::Find(const tenancy::Reach& reach, long long id) {
  auto rows =
      db::Select(db::Query(connection_, kFind, id, reach.admin, reach.account_id, reach.below));
  if (!rows->next()) return std::nullopt;
  return BackupOf(*rows);
}

long long MySqlBackupStore::Add(long long license_id, long long size_gib,
                                const std::string& datacenter) {
  try {
    db::Query(connection_, kAdd, license_id, size_gib, datacenter).executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kDuplicateKey) throw;
    throw PluginError(ErrorKind::kExists, "license", std::to_string(license_id),
                      "the licence has a backup: resize it instead");
  }
  return connection_.LastInsertId();
}

void MySqlBackupStore::Change(long long id, long long size_gib, const std::string& datacenter) {
  db::Query(connection_, kChange, size_gib, datacenter, id).executeUpdate();
}

std::vector<Backup> MySqlBackupStore::Remove(const tenancy::Reach& reach,
                                             const std::vector<long long>& ids) {
  std::vector<Backup> removed;
  for (long long id : ids) {
    std::optional<Backup> backup = Find(reach, id);
    if (!backup) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
    db::Query(connection_, kRemove, id).executeUpdate();
    removed.push_back(std::move(*backup));
  }
  return removed;
}

long long MySqlBackupStore::HeldGiB(long long account_id, const std::string& path) {
  auto rows = db::Select(db::Query(connection_, kHeld, account_id, tenancy::SubtreePattern(path)));
  rows->next();
  return rows->getInt64(kHeldRow["gib"]);
}

void MySqlBackupStore::PutKey(long long id, const std::string& key_hash, int ttl_seconds) {
  db::Query(connection_, kSweepKeys).executeUpdate();
  db::Query(connection_, kPutKey, key_hash, id, ttl_seconds).executeUpdate();
}

std::optional<Backup> MySqlBackupStore::TakeKey(const std::string& key_hash) {
  auto key = db::Select(db::Query(connection_, kKey, key_hash));
  if (!key->next()) return std::nullopt;
  const long long id = key->getInt64(kKeyRow["backup_id"]);
  db::Query(connection_, kSpend, key_hash).executeUpdate();
  auto rows = db::Select(db::Query(connection_, kById, id));
  if (!rows->next()) return std::nullopt;
  return BackupOf(*rows);
}

}  // namespace resellermgr::license
