#pragma once
// auth, session.newkey, session.delete, whoami (API.md "Authentication").

#include <string>

#include "core/function_registry.h"

namespace resellermgr::auth {

void RegisterAuthFunctions(core::FunctionRegistry& registry);
// su, reseller.su, user.su, su.back (su_functions.cpp); called by RegisterAuthFunctions.
void RegisterSuFunctions(core::FunctionRegistry& registry);

// The session cookie a login (or an authinfo su) sets, and the one a logout sets to expire it.
std::string SessionCookie(const std::string& token, bool https);
std::string ExpiredSessionCookie();

}  // namespace resellermgr::auth
