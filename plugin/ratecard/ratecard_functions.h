#pragma once
// ratecard, ratecard.edit, ratecard.delete, ratecard.price, ratecard.price.edit,
// ratecard.price.delete, ratecard.history: rate cards and their versioned prices (issue 23).

#include "core/function_registry.h"

namespace resellermgr::ratecard {

void RegisterRatecardFunctions(core::FunctionRegistry& registry);
// ratecard= on reseller.edit and user.edit (assignment.cpp).
void RegisterAssignment(core::FunctionRegistry& registry);
// What an account or a client service will cost, on reseller.edit, user.edit and
// client.service.edit (price_preview.cpp).
void RegisterPricePreview(core::FunctionRegistry& registry);

}  // namespace resellermgr::ratecard
