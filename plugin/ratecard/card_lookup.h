#pragma once
// What the rate card family's function files share: whose cards a request reaches, which card it
// names, today and tomorrow, and a price as the wire shows it.

#include <cstdint>
#include <optional>
#include <string>

#include "core/deps.h"
#include "core/function_registry.h"
#include "core/request.h"
#include "ratecard/ratecard_store.h"

namespace resellermgr::ratecard {

// A card's owner is the account acted as: the admin's cards are its own account's.
inline long long Owner(const core::Request& request) { return request.caller().account_id; }
std::string Today();
std::string Tomorrow();
// A monthly price as decimal text; empty for none.
std::string PriceText(const std::optional<std::int64_t>& price);
// The caller's card named by `field` (plid for the nested lists and forms); kNotFound otherwise.
Card CardOf(const Deps& deps, const core::Request& request, const char* field);
// A nested list's card: `plid`, or `elid` when it is opened from the card list (ISPmanager's
// nested lists are reached with the parent's elid and carry it on as plid).
Card ListedCard(const Deps& deps, const core::Request& request);

// ratecard.price*, ratecard.history, ratecard.provider (price_functions.cpp).
void RegisterPriceFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::ratecard
