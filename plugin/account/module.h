#pragma once
// The account family (resellers and users: their lists, forms, limits, moves, access) and the
// usage family beside it (usage reports, userstat, charts and the monthly roll-up).

#include "core/module.h"

namespace resellermgr::account {

extern const core::Module kModule;
extern const core::Module kUsageModule;

}  // namespace resellermgr::account
