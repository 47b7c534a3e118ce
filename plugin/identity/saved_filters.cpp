#include "identity/saved_filters.h"

#include <nlohmann/json.hpp>

#include "base/text.h"

namespace resellermgr::identity {

core::SavedListFilters ParseSavedFilters(std::string_view json) {
  core::SavedListFilters filters{{"reseller", {}}, {"user", {}}};
  if (json == "{}") return filters;  // nothing saved: most logins
  const nlohmann::json saved = nlohmann::json::parse(json, nullptr, false);
  if (!saved.is_object()) return filters;
  for (auto& [list, filter] : filters) {
    auto entry = saved.find(list);
    if (entry == saved.end() || !entry->is_object()) continue;
    // Only text a request could have carried (well-formed UTF-8 without NUL): the column
    // is written by what logins typed, but a value changed behind the panel's back must not reach
    // a page or a query as something else.
    const auto text = [&entry](const char* key) -> std::string {
      auto value = entry->find(key);
      if (value == entry->end() || !value->is_string()) return "";
      std::string found = value->get<std::string>();
      return base::IsValidUtf8(found) ? found : "";
    };
    filter.name_contains = text("name");
    filter.status = text("status");
  }
  return filters;
}

}  // namespace resellermgr::identity
