#pragma once
// Limit templates in MySQL (mysql_preset_store.cpp holds their SQL). A preset belongs to one
// account (the admin's templates for resellers, a reseller's for its users); every statement
// filters on that owner, so nobody reads or touches another account's presets.

#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "tenancy/limits.h"

namespace resellermgr::preset {

struct Preset {
  std::string name;
  tenancy::LimitValues limits;
};

class MySqlPresetStore {
 public:
  explicit MySqlPresetStore(db::Connection& connection) : connection_(connection) {}

  std::vector<Preset> List(long long owner_id);
  std::optional<Preset> Find(long long owner_id, const std::string& name);
  // Creates (kExists if taken) or replaces the limits of an existing preset (kNotFound if none).
  void Save(long long owner_id, const std::string& name, const tenancy::LimitValues& limits,
            bool create);
  // All-or-nothing; kNotFound names the first unknown preset.
  void Delete(long long owner_id, const std::vector<std::string>& names);

 private:
  db::Connection& connection_;
};

// What handlers ask for (deps.Get<PresetStore>()); the MySQL store is the only one.
using PresetStore = MySqlPresetStore;

}  // namespace resellermgr::preset
