#include "broadcast/module.h"

#include "broadcast/broadcast_functions.h"
#include "broadcast/broadcast_store.h"
#include "broadcast/delivery.h"

namespace resellermgr::broadcast {

const core::Module kModule{
    .name = "broadcast",
    .register_functions = RegisterBroadcastFunctions,
    .add_stores =
        [](core::StoreContext& context) { context.stores.Make<BroadcastStore>(context.db); },
    .background = {{"broadcast", DeliverBroadcasts}},
};

}  // namespace resellermgr::broadcast
