#pragma once
// The dispatcher's checks between identifying the caller and running the handler, in the order
// it runs them (DESIGN.md "Permissions"): level -> password gate -> permission -> CSRF. Each is a
// pure function of the function's spec, the caller and the request, and throws PluginError.
// The address stage needs the audit log and lives in the Authenticator (CheckAddress); module
// access (reseller.access) needs the account store and stays in the dispatcher.

#include <string_view>

#include "core/caller.h"
#include "core/function_registry.h"
#include "core/request.h"

namespace resellermgr::core {

// The caller's level reaches the function's. Guests get kAuth ("unauthorized", or "session"
// when they came with an unusable session); others kAccessDenied naming the function.
void CheckLevel(const FunctionSpec& spec, const Caller& caller, std::string_view func);

// A login that must change its password, or set up a second factor, first may only use the
// functions that let it (Gate::kDuringPasswordChange).
void CheckPasswordGate(const FunctionSpec& spec, const Caller& caller);

// The caller's permission group and token allow what this call does to its function group.
// Functions without a group are open to every login (whoami, usrparam, session.*), but those
// that manage credentials are closed to tokens.
void CheckPermission(const FunctionSpec& spec, const Caller& caller, bool submitted,
                     std::string_view func);

// Whether this call changes state: a change, or a form function submitted.
bool Changes(const FunctionSpec& spec, bool submitted);

// A change made with the session cookie alone (a browser) must be a POST with the session's
// CSRF token.
void CheckCsrf(const FunctionSpec& spec, const Caller& caller, const Request& request);

}  // namespace resellermgr::core
