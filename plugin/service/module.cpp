#include "service/module.h"

#include "service/service_functions.h"
#include "service/service_store.h"

namespace resellermgr::service {

const core::Module kModule{
    .name = "service",
    .areas = {{"services"}},
    .register_functions = RegisterServiceFunctions,
    .add_stores =
        [](core::StoreContext& context) {
          context.stores.Add<ServiceStore>(std::make_unique<MySqlServiceStore>(context.db));
        },
    .tiles = {{40, SupportTile}},
};

}  // namespace resellermgr::service
