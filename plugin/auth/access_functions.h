#pragma once
// Consent-based support access (issue 25 item 3): access, access.request, access.grant,
// access.refuse, access.revoke.

#include "core/function_registry.h"

namespace resellermgr::auth {

void RegisterAccessFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::auth
