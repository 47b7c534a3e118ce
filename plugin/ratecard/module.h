#pragma once
// Rate cards (issue 23): named price lists and their versioned prices.

#include "core/module.h"

namespace resellermgr::ratecard {

extern const core::Module kModule;

}  // namespace resellermgr::ratecard
