#pragma once
// The audit log: the list function and the chain's verification job.

#include "core/module.h"

namespace resellermgr::audit {

extern const core::Module kModule;

}  // namespace resellermgr::audit
