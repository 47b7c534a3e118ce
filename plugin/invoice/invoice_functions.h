#pragma once
// Invoices (issue 11 item 6): invoice (list), invoice.edit (show one; issue one on demand),
// invoice.download (PDF). Monthly runs are `resellerctl invoice run`.

#include "core/function_registry.h"

namespace resellermgr::invoice {

void RegisterInvoiceFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::invoice
