#pragma once
// webhook, webhook.edit, webhook.delete, webhook.rotate, webhook.delivery,
// webhook.delivery.resend, and the pull feed `event` (issue 25 item 1).

#include "core/function_registry.h"

namespace resellermgr::webhook {

void RegisterWebhookFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::webhook
