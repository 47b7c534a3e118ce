#pragma once
// audit: the audit log as a list (admins: all of it; resellers: their own account and users).

#include "core/function_registry.h"

namespace resellermgr::audit {

void RegisterAuditFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::audit
