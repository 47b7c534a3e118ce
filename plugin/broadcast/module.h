#pragma once
// Broadcasts: a reseller (or the admin) writes to its users, as a ticket each and by mail, sent
// in the background in batches.

#include "core/module.h"

namespace resellermgr::broadcast {

extern const core::Module kModule;

}  // namespace resellermgr::broadcast
