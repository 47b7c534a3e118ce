#pragma once
// reseller.message (the admin writes to a reseller's support center), ticket, ticket.edit
// (read the thread, answer), ticket.close.

#include "core/function_registry.h"

namespace resellermgr::ticket {

void RegisterTicketFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::ticket
