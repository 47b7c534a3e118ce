#pragma once
// Webhooks per account and the event feed (issue 25 item 1).

#include "core/module.h"

namespace resellermgr::webhook {
extern const core::Module kModule;
}
