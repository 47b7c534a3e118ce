#pragma once
// White label: a reseller's brand, logo and domain.

#include "core/module.h"

namespace resellermgr::brand {

extern const core::Module kModule;

}  // namespace resellermgr::brand
