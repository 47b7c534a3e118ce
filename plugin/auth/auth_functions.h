#pragma once
// auth, session.newkey, session.delete, whoami (API.md "Authentication").

#include "core/function_registry.h"

namespace resellermgr::auth {

void RegisterAuthFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::auth
