#pragma once
// Daily charges (issue 23): the run that makes money move by itself.

#include "core/module.h"

namespace resellermgr::billing {

extern const core::Module kModule;

}  // namespace resellermgr::billing
