#include <cppconn/exception.h>

#include <map>

#include "base/errors.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "preset/preset_store.h"

namespace resellermgr::preset {
namespace {

using base::ErrorKind;
using base::PluginError;

constexpr char kListPresets[] = R"sql(
    SELECT p.name, l.name AS limit_name, l.value
    FROM preset p LEFT JOIN preset_limit l ON l.preset_id = p.id
    WHERE p.owner_account_id = ? ORDER BY p.name)sql";
constexpr auto kListRow = db::Columns::Of(kListPresets);
constexpr char kFindPreset[] = R"sql(
    SELECT p.id, l.name, l.value
    FROM preset p LEFT JOIN preset_limit l ON l.preset_id = p.id
    WHERE p.owner_account_id = ? AND p.name = ?)sql";
constexpr auto kFindPresetColumns = db::Columns::Of(kFindPreset);
constexpr char kLockPreset[] =
    "SELECT id FROM preset WHERE owner_account_id = ? AND name = ? FOR UPDATE";
constexpr auto kLockPresetColumns = db::Columns::Of(kLockPreset);
constexpr char kInsertPreset[] = "INSERT INTO preset (owner_account_id, name) VALUES (?, ?)";
constexpr char kClearLimits[] = "DELETE FROM preset_limit WHERE preset_id = ?";
constexpr char kInsertLimit[] =
    "INSERT INTO preset_limit (preset_id, name, value) VALUES (?, ?, ?)";
constexpr char kDeletePreset[] = "DELETE FROM preset WHERE owner_account_id = ? AND name = ?";

}  // namespace

std::vector<Preset> MySqlPresetStore::List(long long owner_id) {
  std::vector<Preset> presets;
  auto rows = db::Select(db::Query(connection_, kListPresets, owner_id));
  while (rows->next()) {
    if (presets.empty() || presets.back().name != rows->getString(kListRow["name"]))
      presets.push_back({rows->getString(kListRow["name"]), {}});
    if (!rows->isNull(kListRow["limit_name"]))
      presets.back().limits[rows->getString(kListRow["limit_name"])] =
          rows->getUInt64(kListRow["value"]);
  }
  return presets;
}

std::optional<Preset> MySqlPresetStore::Find(long long owner_id, const std::string& name) {
  auto rows = db::Select(db::Query(connection_, kFindPreset, owner_id, name));
  std::optional<Preset> preset;
  while (rows->next()) {
    if (!preset) preset = Preset{name, {}};
    if (!rows->isNull(kFindPresetColumns["name"]))
      preset->limits[rows->getString(kFindPresetColumns["name"])] =
          rows->getUInt64(kFindPresetColumns["value"]);
  }
  return preset;
}

void MySqlPresetStore::Save(long long owner_id, const std::string& name,
                            const tenancy::LimitValues& limits, bool create) {
  db::Transaction tx(connection_);
  long long id = 0;
  if (create) {
    try {
      db::Query(connection_, kInsertPreset, owner_id, name).executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == 1062) throw PluginError(ErrorKind::kExists, "name", name);
      throw;
    }
    id = connection_.LastInsertId();
  } else {
    auto row = db::Select(db::Query(connection_, kLockPreset, owner_id, name));
    if (!row->next()) throw PluginError(ErrorKind::kNotFound, "preset", name);
    id = row->getInt64(kLockPresetColumns["id"]);
    db::Query(connection_, kClearLimits, id).executeUpdate();
  }
  for (const auto& [limit, value] : limits) {
    db::Query(connection_, kInsertLimit, id, limit, static_cast<long long>(value)).executeUpdate();
  }
  tx.Commit();
}

void MySqlPresetStore::Delete(long long owner_id, const std::vector<std::string>& names) {
  db::Transaction tx(connection_);
  for (const std::string& name : names) {
    if (db::Query(connection_, kDeletePreset, owner_id, name).executeUpdate() == 0) {
      throw PluginError(ErrorKind::kNotFound, "elid", name);  // rolls back the ones before it
    }
  }
  tx.Commit();
}

}  // namespace resellermgr::preset
