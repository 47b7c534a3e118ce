#include "webhook/module.h"

#include "webhook/delivery.h"
#include "webhook/webhook_functions.h"
#include "webhook/webhook_store.h"

namespace resellermgr::webhook {

const core::Module kModule{
    .name = "webhook",
    .register_functions = RegisterWebhookFunctions,
    .add_stores =
        [](core::StoreContext& context) { context.stores.Make<WebhookStore>(context.db); },
    .background = {{"webhook fan-out", FanOutEvents}, {"webhook delivery", DeliverWebhooks}},
};

}  // namespace resellermgr::webhook
