#pragma once
// reseller.message (the admin writes to a reseller's support center), ticket, ticket.edit
// (read the thread, answer), ticket.close.

#include "core/function_registry.h"
#include "core/reply.h"

namespace resellermgr::ticket {

void RegisterTicketFunctions(core::FunctionRegistry& registry);

// The home page's ticket counts (home/).
void TicketsTile(const Deps& deps, const core::Request& request, core::Element home);
}  // namespace resellermgr::ticket
