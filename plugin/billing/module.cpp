#include "billing/module.h"

#include <iostream>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/days.h"
#include "billing/billing_run.h"
#include "billing/billing_store.h"
#include "billing/feed.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "money/amount.h"
#include "wallet/money_arrivals.h"

namespace resellermgr::billing {
namespace {

// `billing run [--date YYYY-MM-DD]` (cron, daily; default today, UTC).
int Run(core::JobContext& context, const std::vector<std::string>& args) {
  std::string day = base::UtcDay();
  if (args.size() == 4 && args[2] == "--date") {
    day = args[3];
  } else if (args.size() != 2) {
    std::cerr << "usage: billing run [--date YYYY-MM-DD]\n";
    return 2;
  }
  if (!base::IsDay(day)) {
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
            << "; suspended " << run.suspended << "\n";
  return 0;
}

void AddStores(core::StoreContext& context) {
  context.stores.Make<MySqlBillingStore>(context.db);
  context.stores.Get<wallet::MoneyArrivals>().Add(SettleUnpaid);
}

// The grace period a parent gives its reseller (grace_days on reseller.edit): unpaid days before
// the reseller is suspended for non-payment.
void ShowGrace(const Deps& deps, const core::Request& request, core::Element form) {
  long long account_id = 0;
  if (!request.GetOr("elid", "").empty()) {
    if (auto account = deps.Get<account::Directory>().Find(tenancy::Scope::Of(request.caller()),
                                                           tenancy::kResellerLevel,
                                                           std::string(request.GetOr("elid", ""))))
      account_id = account->id;
  }
  form.Set("grace_days",
           account_id ? deps.Get<MySqlBillingStore>().GraceDays(account_id) : kDefaultGraceDays);
}

void SaveGrace(const Deps& deps, const core::Request& request) {
  if (!request.Has("grace_days")) return;
  const long long days = request.GetInt("grace_days", kDefaultGraceDays, 0, 365);
  const std::string_view elid = request.GetOr("elid", "");
  const std::string name(elid.empty() ? request.GetOr("name", "") : elid);
  auto account = deps.Get<account::Directory>().Find(tenancy::Scope::Of(request.caller()),
                                                     tenancy::kResellerLevel, name);
  if (!account) return;
  MySqlBillingStore& store = deps.Get<MySqlBillingStore>();
  const int before = store.GraceDays(account->id);
  if (before == days) return;
  store.SetGraceDays(account->id, static_cast<int>(days));
  deps.changes.Record(request, {account->name,
                                "grace " + std::to_string(days) + " days",
                                "",
                                "billing.grace_changed",
                                {{"grace_days", std::to_string(before), std::to_string(days)}}});
}

void RegisterFunctions(core::FunctionRegistry& registry) {
  registry.ExtendForm("reseller.edit", ShowGrace, SaveGrace);
  RegisterFeed(registry);
}

}  // namespace

const core::Module kModule{
    .name = "billing",
    .register_functions = RegisterFunctions,
    .add_stores = AddStores,
    .tiles = {{35, MarginsTile}},
    .jobs = {{"billing run",
              "billing run [--date YYYY-MM-DD]   (daily: charges the day in advance)", 4, Run}},
};

}  // namespace resellermgr::billing
