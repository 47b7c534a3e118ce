// A login's saved list filters (identity/saved_filters.h): the JSON MariaDB keeps in
// login.list_filters, read with every session check. Any text may be there (JSON_SET stores
// what a login typed). Properties: both lists always have an entry; what is read is valid
// UTF-8; written back as JSON and read again, it is the same.

#include <nlohmann/json.hpp>
#include <string_view>

#include "base/text.h"
#include "fuzz/fuzz.h"
#include "identity/saved_filters.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const resellermgr::core::SavedListFilters filters =
      resellermgr::identity::ParseSavedFilters(AsText(data, size));
  FUZZ_CHECK(filters.size() == 2 && filters.count("reseller") && filters.count("user"));
  nlohmann::json written = nlohmann::json::object();
  for (const auto& [list, filter] : filters) {
    FUZZ_CHECK(resellermgr::base::IsValidUtf8(filter.name_contains));
    FUZZ_CHECK(resellermgr::base::IsValidUtf8(filter.status));
    written[list] = {{"name", filter.name_contains}, {"status", filter.status}};
  }
  const resellermgr::core::SavedListFilters again =
      resellermgr::identity::ParseSavedFilters(written.dump());
  for (const auto& [list, filter] : filters) {
    FUZZ_CHECK(again.at(list).name_contains == filter.name_contains);
    FUZZ_CHECK(again.at(list).status == filter.status);
  }
  return 0;
}
