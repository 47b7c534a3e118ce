#pragma once
// reseller, reseller.edit, reseller.delete, reseller.suspend/resume (and the ISP4 names
// reseller.disable/enable), and the same surface for hosting users (user, user.edit, user.add,
// user.add.finish, user.delete, user.suspend, user.resume). See API.md "Functions".

#include "account/account.h"
#include "core/function_registry.h"

namespace resellermgr::account {

// The contact fields (fullname, email, phone, company, comment) present in `request`. Their
// format was checked by the dispatcher from the form's metadata.
void ReadContactFields(const core::Request& request, AccountChanges& changes);

// A new password from passwd (+ confirm when sent), hashed; nullopt when passwd is absent or
// empty and not `required`. Throws PluginError(kInvalidValue, "passwd" | "confirm").
std::optional<std::string> ReadNewPassword(const core::Request& request, bool required);

void RegisterAccountFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::account
