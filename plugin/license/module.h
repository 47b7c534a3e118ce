#pragma once
// Licence reselling (issue 24; DESIGN.md "Licences"): licence types, IP licences and their
// check-in, activation keys, server accounts.

#include "core/module.h"

namespace resellermgr::license {

extern const core::Module kModule;

}  // namespace resellermgr::license
