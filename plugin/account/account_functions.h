#pragma once
// reseller, reseller.edit, reseller.delete, reseller.suspend/resume (and the ISP4 names
// reseller.disable/enable), and the same surface for hosting users (user, user.edit, user.add,
// user.add.finish, user.delete, user.suspend, user.resume). See API.md "Functions".

#include "core/function_registry.h"

namespace resellermgr::account {

void RegisterAccountFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::account
