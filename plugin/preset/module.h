#pragma once
// Templates: named limit sets owners apply to their accounts.

#include "core/module.h"

namespace resellermgr::preset {

extern const core::Module kModule;

}  // namespace resellermgr::preset
