#pragma once
// Invoices: the list, the PDF and the month-end run.

#include "core/module.h"

namespace resellermgr::invoice {

extern const core::Module kModule;

}  // namespace resellermgr::invoice
