#pragma once
// The welcome mail, as the notice family's part of the forms that create logins.

#include "core/function_registry.h"

namespace resellermgr::notice {

void RegisterWelcome(core::FunctionRegistry& registry);

}  // namespace resellermgr::notice
