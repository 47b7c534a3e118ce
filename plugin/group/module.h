#pragma once
// Permission groups: the rights staff logins take.

#include "core/module.h"

namespace resellermgr::group {

extern const core::Module kModule;

}  // namespace resellermgr::group
