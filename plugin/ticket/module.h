#pragma once
// Support tickets and the reseller.message / user.message broadcasts.

#include "core/module.h"

namespace resellermgr::ticket {

extern const core::Module kModule;

}  // namespace resellermgr::ticket
