#pragma once
// Password reset by e-mail (issue 12 item 6): password.reset mails a single-use link,
// password.reset.finish sets the new password with it.

#include "core/function_registry.h"

namespace resellermgr::auth {

void RegisterPasswordResetFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::auth
