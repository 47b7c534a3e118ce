#pragma once
// Services (issue 12): service (the catalogue with the caller's offer), service.edit,
// service.delete, client.service (a client's services and statuses), client.service.edit
// (visibility), client.service.status (transitions), service.request (a client asks for one),
// vendor.edit (support routing and the clients' panel addresses).

#include "core/function_registry.h"
#include "core/reply.h"

namespace resellermgr::service {

void RegisterServiceFunctions(core::FunctionRegistry& registry);
// vendor.edit (vendor_functions.cpp).
void RegisterVendorFunctions(core::FunctionRegistry& registry);

// The home page's support contacts (home/; vendor_functions.cpp).
void SupportTile(const Deps& deps, const core::Request& request, core::Element home);
}  // namespace resellermgr::service
