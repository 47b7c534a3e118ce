#pragma once
// Client services and their vendor settings (support routing).

#include "core/module.h"

namespace resellermgr::service {

extern const core::Module kModule;

}  // namespace resellermgr::service
