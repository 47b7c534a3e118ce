#include "brand/module.h"

#include "brand/brand_functions.h"
#include "brand/brand_store.h"
#include "brand/tls.h"
#include "brand/tls_store.h"

namespace resellermgr::brand {

const core::Module kModule{
    .name = "brand",
    .register_functions =
        [](core::FunctionRegistry& registry) {
          RegisterBrandFunctions(registry);
          RegisterCertificateFunctions(registry);
        },
    .add_stores =
        [](core::StoreContext& context) {
          context.stores.Make<BrandStore>(context.db);
          context.stores.Make<TlsStore>(context.db);
        },
    .tiles = {{5, CertificateTile}},
    .background = {{"tls files", SyncTls}, {"acme", RenewAcme}},
};

}  // namespace resellermgr::brand
