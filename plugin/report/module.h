#pragma once
// Monthly reports of every reseller, and the job that writes them.

#include "core/module.h"

namespace resellermgr::report {

extern const core::Module kModule;

}  // namespace resellermgr::report
