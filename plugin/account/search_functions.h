#pragma once
// search (issue 13, feature 4): resellers and users by name, e-mail or full name.

#include "core/function_registry.h"

namespace resellermgr::account {

void RegisterSearchFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::account
