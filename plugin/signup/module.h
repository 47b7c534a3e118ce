#pragma once
// Reseller sign-up (issue 24): a public form, a verified address, an agreement accepted, a deposit
// paid through the billing system, then a login by e-mail.

#include "core/module.h"

namespace resellermgr::signup {

extern const core::Module kModule;

}  // namespace resellermgr::signup
