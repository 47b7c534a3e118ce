#pragma once
// login.list_filters (sql/010): what each list's filter was when its login last applied it,
// as JSON ({"user": {"name": "...", "status": "..."}}). MariaDB writes it (JSON_SET with what
// the login typed); the session check reads it with the login, and this turns it into the
// caller's saved filters.

#include <string_view>

#include "core/caller.h"

namespace resellermgr::identity {

// An entry for both lists ("reseller", "user"), empty where nothing is saved or where the
// stored text is not the expected shape (never an error: a filter is a convenience).
core::SavedListFilters ParseSavedFilters(std::string_view json);

}  // namespace resellermgr::identity
