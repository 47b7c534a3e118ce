#pragma once
// reseller.message (the admin writes to a reseller's support center), ticket, ticket.edit
// (read the thread, answer), ticket.close.

#include "core/function_registry.h"
#include "core/reply.h"
#include "ticket/ticket_store.h"

namespace resellermgr::ticket {

void RegisterTicketFunctions(core::FunctionRegistry& registry);

// A message to an account (reseller.message, user.message, a broadcast): `ticket` opened at the
// account's own centre (center_account_id), and the account mailed as an answer would mail it,
// both in the caller's transaction. The ticket and the queued mail (0: the account has no
// address).
struct Told {
  long long ticket_id = 0, mail_id = 0;
};
Told Tell(const Deps& deps, const NewTicket& ticket);

// The home page's ticket counts (home/).
void TicketsTile(const Deps& deps, const core::Request& request, core::Element home);
}  // namespace resellermgr::ticket
