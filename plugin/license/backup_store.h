#pragma once
// Backups tied to licences in MySQL (sql/042): one per licence, a size and a datacenter, and the
// one-time keys that open one in the backup system. Every statement that takes an id from a
// request binds the caller's reach, through the licence's holder.

#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "tenancy/tenancy.h"

namespace resellermgr::license {

struct Backup {
  long long id = 0, license_id = 0, account_id = 0;
  std::string ip, type_name, owner, datacenter, created, changed;
  int type_code = 0;
  long long size_gib = 0;
};

class MySqlBackupStore {
 public:
  explicit MySqlBackupStore(db::Connection& connection) : connection_(connection) {}

  std::vector<Backup> List(const tenancy::Reach& reach);
  // Locked, when in reach.
  std::optional<Backup> Find(const tenancy::Reach& reach, long long id);
  // PluginError(kExists, "license") when the licence has one.
  long long Add(long long license_id, long long size_gib, const std::string& datacenter);
  void Change(long long id, long long size_gib, const std::string& datacenter);
  // All or none: PluginError(kNotFound, "elid", id) for the first not in reach.
  std::vector<Backup> Remove(const tenancy::Reach& reach, const std::vector<long long>& ids);
  // The GiB of backups of the licences the subtree of `path` holds: the daily run's backup_gib.
  long long HeldGiB(long long account_id, const std::string& path);
  // A one-time key (its SHA-256, hex) that opens backup `id` for `ttl_seconds`.
  void PutKey(long long id, const std::string& key_hash, int ttl_seconds);
  // The backup the key opens, the key spent; nullopt for an unknown, spent or expired key.
  std::optional<Backup> TakeKey(const std::string& key_hash);

 private:
  db::Connection& connection_;
};

using BackupStore = MySqlBackupStore;

}  // namespace resellermgr::license
