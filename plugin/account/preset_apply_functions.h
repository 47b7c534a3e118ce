#pragma once
// Issue 13, feature 5: user.preset and reseller.preset apply one template to many accounts.

#include "core/function_registry.h"

namespace resellermgr::account {

void RegisterPresetApplyFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::account
