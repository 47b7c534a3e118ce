#pragma once
// billing.usage, the feed of what a reseller's clients come to (feed.cpp).

#include "core/function_registry.h"

namespace resellermgr::billing {

void RegisterFeed(core::FunctionRegistry& registry);

}  // namespace resellermgr::billing
