#include "identity/saved_filters.h"

#include <nlohmann/json.hpp>

namespace resellermgr::identity {

core::SavedListFilters ParseSavedFilters(std::string_view json) {
  core::SavedListFilters filters{{"reseller", {}}, {"user", {}}};
  if (json == "{}") return filters;  // nothing saved: most logins
  const nlohmann::json saved = nlohmann::json::parse(json, nullptr, false);
  if (!saved.is_object()) return filters;
  for (auto& [list, filter] : filters) {
    auto entry = saved.find(list);
    if (entry == saved.end() || !entry->is_object()) continue;
    const auto text = [&entry](const char* key) {
      auto value = entry->find(key);
      return value != entry->end() && value->is_string() ? value->get<std::string>() : "";
    };
    filter.name_contains = text("name");
    filter.status = text("status");
  }
  return filters;
}

}  // namespace resellermgr::identity
