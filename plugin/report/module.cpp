#include "report/module.h"

#include <iostream>

#include "audit/audit_log.h"
#include "core/deps.h"
#include "db/transaction.h"
#include "invoice/invoice_store.h"
#include "report/report_functions.h"
#include "report/report_store.h"

namespace resellermgr::report {
namespace {

// `report monthly [YYYY-MM]`: the month's statistics of every reseller (cron, at the month's
// end), by default the month under way; running it again rewrites that month.
int Monthly(core::JobContext& context, const std::vector<std::string>& args) {
  const std::string month = args.size() > 2 ? args[2] : invoice::Month(0);
  const auto range = invoice::MonthRange(month);
  if (!range) {
    std::cerr << "no such month, or not begun: " << month << " (YYYY-MM)\n";
    return 1;
  }
  db::Transaction tx(context.db);
  const long long resellers =
      context.deps.Get<ReportStore>().Snapshot(month, range->first, range->second);
  context.deps.audit.Append({"resellerctl", "admin", "local", "report.monthly", month, "ok",
                             std::to_string(resellers) + " resellers"});
  tx.Commit();
  std::cout << "wrote " << month << " for " << resellers << " resellers\n";
  return 0;
}

}  // namespace

const core::Module kModule{
    .name = "report",
    .register_functions = RegisterReportFunctions,
    .add_stores = [](core::StoreContext& context) { context.stores.Make<ReportStore>(context.db); },
    .jobs = {{"report monthly", "report monthly [YYYY-MM] (default: this month)", 3, Monthly}},
};

}  // namespace resellermgr::report
