#pragma once
// A company's logins: login, login.edit, login.delete, login.suspend, login.resume (the admin
// picks the company with plid), and a login's own API tokens: token, token.edit, token.delete.
// See API.md "Organisations".

#include "core/function_registry.h"

namespace resellermgr::auth {

void RegisterLoginFunctions(core::FunctionRegistry& registry);
void RegisterTokenFunctions(core::FunctionRegistry& registry);
// totp.setup, totp.confirm, totp.disable, totp.policy (totp_functions.cpp).
void RegisterTotpFunctions(core::FunctionRegistry& registry);
// session, session.delete_others, session.history (session_functions.cpp); session.delete is
// logout without elid (auth_functions.cpp) and EndChosenSessions with it.
void RegisterSessionFunctions(core::FunctionRegistry& registry);
core::Reply EndChosenSessions(const Deps& deps, const core::Request& request);

}  // namespace resellermgr::auth
