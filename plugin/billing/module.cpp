#include "billing/module.h"

#include <ctime>
#include <iostream>
#include <regex>

#include "audit/audit_log.h"
#include "billing/billing_run.h"
#include "money/amount.h"

namespace resellermgr::billing {
namespace {

std::string Today() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &utc);
  return day;
}

// `billing run [--date YYYY-MM-DD]` (cron, daily; default today, UTC).
int Run(core::JobContext& context, const std::vector<std::string>& args) {
  std::string day = Today();
  if (args.size() == 4 && args[2] == "--date") {
    day = args[3];
  } else if (args.size() != 2) {
    std::cerr << "usage: billing run [--date YYYY-MM-DD]\n";
    return 2;
  }
  static const std::regex kDay(R"([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))");
  if (!std::regex_match(day, kDay)) {
    std::cerr << "not a day: " << day << " (YYYY-MM-DD)\n";
    return 1;
  }
  const RunResult run = RunDay(context.deps, day);
  context.deps.audit.Append({"resellerctl", "admin", "local", "billing.run", day, "ok",
                             std::to_string(run.charged) + " charged, " +
                                 std::to_string(run.unpaid) + " unpaid, " +
                                 money::FormatAmount(run.amount)});
  std::cout << "charged " << run.charged << " resellers " << money::FormatAmount(run.amount)
            << " in " << run.movements << " movements for " << day << "; unpaid " << run.unpaid
            << "\n";
  return 0;
}

}  // namespace

const core::Module kModule{
    .name = "billing",
    .jobs = {{"billing run",
              "billing run [--date YYYY-MM-DD]   (daily: charges the day in advance)", 4, Run}},
};

}  // namespace resellermgr::billing
