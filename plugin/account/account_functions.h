#pragma once
// reseller, reseller.edit, reseller.delete, reseller.suspend/resume (and the ISP4 names
// reseller.disable/enable), and the same surface for hosting users (user, user.edit, user.add,
// user.add.finish, user.delete, user.suspend, user.resume). See API.md "Functions".

#include "account/account.h"
#include "core/function_registry.h"
#include "core/module.h"
#include "core/reply.h"

namespace resellermgr::account {

// The contact fields (fullname, email, phone, company, comment) present in `request`. Their
// format was checked by the dispatcher from the form's metadata.
void ReadContactFields(const core::Request& request, AccountChanges& changes);

// The new password of CheckNewPassword, hashed; nullopt when there is none.
std::optional<std::string> ReadNewPassword(const core::Request& request, bool required);

void RegisterAccountFunctions(core::FunctionRegistry& registry);
// reseller/user .delete, .suspend, .resume (lifecycle_functions.cpp); called by
// RegisterAccountFunctions.
void RegisterLifecycleFunctions(core::FunctionRegistry& registry);
// reseller.access (access_functions.cpp); called by RegisterAccountFunctions.
void RegisterAccessFunctions(core::FunctionRegistry& registry);
// user.move, reseller.move (move_functions.cpp); called by RegisterAccountFunctions.
void RegisterMoveFunctions(core::FunctionRegistry& registry);
// usage.report, userstat (usage_functions.cpp).
void RegisterUsageFunctions(core::FunctionRegistry& registry);

// `resellerctl usage import FILE` (usage_functions.cpp).
int ImportUsage(core::JobContext& context, const std::vector<std::string>& args);

// The family's home-page tiles (home_tiles.cpp).
void AccountsTile(const Deps& deps, const core::Request& request, core::Element home);
void OwnLimitsTile(const Deps& deps, const core::Request& request, core::Element home);
void ForecastTile(const Deps& deps, const core::Request& request, core::Element home);

}  // namespace resellermgr::account
