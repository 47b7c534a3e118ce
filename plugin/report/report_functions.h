#pragma once
// Monthly statistics (issue 12 item 7): report (a reseller's months, or every reseller's one
// month), report.csv, report.chart (SVG drawn on the server). The month's figures are written by
// `resellerctl report monthly`.

#include "core/function_registry.h"

namespace resellermgr::report {

void RegisterReportFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::report
