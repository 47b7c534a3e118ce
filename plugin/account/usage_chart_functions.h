#pragma once
// usage.chart (issue 13, feature 3): an account's disk and traffic over time, as SVG.

#include "core/function_registry.h"

namespace resellermgr::account {

void RegisterUsageChartFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::account
