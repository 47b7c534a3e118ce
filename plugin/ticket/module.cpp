#include "ticket/module.h"

#include "ticket/ticket_functions.h"
#include "ticket/ticket_store.h"

namespace resellermgr::ticket {

const core::Module kModule{
    .name = "ticket",
    .areas = {{"tickets", true}},
    .register_functions =
        [](core::FunctionRegistry& registry) {
          RegisterTicketFunctions(registry);
          registry.SetGroup("ticket", "tickets");
          // A message to resellers is a ticket right; one to users stays in the users group
          // (users:edit), as it always was.
          registry.SetGroup("reseller.message", "tickets");
        },
    .add_stores =
        [](core::StoreContext& context) {
          context.stores.Add<TicketStore>(std::make_unique<MySqlTicketStore>(context.db));
        },
    .tiles = {{20, TicketsTile}},
};

}  // namespace resellermgr::ticket
