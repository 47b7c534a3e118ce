#include "brand/module.h"

#include "brand/brand_functions.h"
#include "brand/brand_store.h"

namespace resellermgr::brand {

const core::Module kModule{
    .name = "brand",
    .register_functions = RegisterBrandFunctions,
    .add_stores = [](core::StoreContext& context) { context.stores.Make<BrandStore>(context.db); },
};

}  // namespace resellermgr::brand
