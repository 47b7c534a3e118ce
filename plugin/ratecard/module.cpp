#include "ratecard/module.h"

#include "ratecard/item_kinds.h"
#include "ratecard/ratecard_functions.h"
#include "ratecard/ratecard_store.h"

namespace resellermgr::ratecard {

const core::Module kModule{
    .name = "ratecard",
    .register_functions = RegisterRatecardFunctions,
    .add_stores =
        [](core::StoreContext& context) {
          context.stores.Add<RatecardStore>(std::make_unique<MySqlRatecardStore>(context.db));
          context.stores.Make<ItemKinds>();
        },
};

}  // namespace resellermgr::ratecard
