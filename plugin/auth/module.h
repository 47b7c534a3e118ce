#pragma once
// Identity's functions (log in, sessions, usrparam, logins, tokens, two-factor, password reset)
// and acting as another account (su), a right area of its own.

#include "core/module.h"

namespace resellermgr::auth {

extern const core::Module kModule;
extern const core::Module kLoginAsModule;

}  // namespace resellermgr::auth
