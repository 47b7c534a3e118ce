#include "group/module.h"

#include "group/group_functions.h"
#include "group/group_store.h"

namespace resellermgr::group {

const core::Module kModule{
    .name = "group",
    .areas = {{"groups"}},
    .register_functions = RegisterGroupFunctions,
    .add_stores =
        [](core::StoreContext& context) {
          context.stores.Make<GroupStore>(context.db,
                                          context.stores.Get<identity::AccountLogins>());
        },
};

}  // namespace resellermgr::group
