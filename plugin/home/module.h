#pragma once
// The home page: the dashboard, made of the tiles every module brings.

#include "core/module.h"

namespace resellermgr::home {

extern const core::Module kModule;

}  // namespace resellermgr::home
