#include "account/module.h"

#include <iostream>

#include "account/account_functions.h"
#include "account/account_store.h"
#include "account/preset_apply_functions.h"
#include "account/reach_counters.h"
#include "account/search_functions.h"
#include "account/usage_chart_functions.h"
#include "account/usage_forecast.h"
#include "account/usage_history.h"
#include "core/deps.h"
#include "db/transaction.h"

namespace resellermgr::account {
namespace {

void RegisterFunctions(core::FunctionRegistry& registry) {
  RegisterAccountFunctions(registry);
  RegisterSearchFunctions(registry);
  RegisterPresetApplyFunctions(registry);
  registry.SetGroup("reseller", "resellers");
  registry.SetGroup("user", "users");
  // A saved list filter is the login's own preference.
  for (const char* func : {"reseller.filter", "user.filter"})
    registry.SetAction(func, core::Action::kRead);
  // The lists' page statements carry the session's question (one round trip per page).
  for (const char* func : {"reseller", "user"}) registry.CarriesSession(func);
}

void RegisterUsage(core::FunctionRegistry& registry) {
  RegisterUsageFunctions(registry);
  RegisterUsageChartFunctions(registry);
  registry.SetGroup("userstat", "usage");
  registry.SetGroup("usage", "usage");
  registry.CarriesSession("userstat");
  // ISP4 obj of "not exists" errors: usage names a user.
  registry.SetObject("usage", "user");
}

void AddStores(core::StoreContext& context) {
  AccountStore& accounts =
      context.stores.Make<AccountStore>(context.db, context.stores.Get<tenancy::LimitCatalog>(),
                                        context.stores.Get<identity::AccountLogins>());
  context.stores.Put<Directory>(accounts);  // what other families find accounts through
  context.stores.Make<ReachCounters>();     // what the families below count in previews
}

// `usage rollup`: folds finished days of usage history into months (cron, daily).
int RollUp(core::JobContext& context, const std::vector<std::string>&) {
  db::Transaction tx(context.db);
  const long long days = RollUpUsage(context.db);
  tx.Commit();
  std::cout << "folded " << days << " daily usage rows into months\n";
  return 0;
}

}  // namespace

const core::Module kModule{
    .name = "account",
    .areas = {{"resellers"}, {"users", true}},
    .register_functions = RegisterFunctions,
    .add_stores = AddStores,
    .tiles = {{10, AccountsTile}, {50, OwnLimitsTile}},
};

const core::Module kUsageModule{
    .name = "usage",
    .areas = {{"usage", true}},
    .register_functions = RegisterUsage,
    .add_stores =
        [](core::StoreContext& context) { context.stores.Make<UsageForecasts>(context.db); },
    .tiles = {{55, ForecastTile}},
    .jobs = {{"usage rollup", "usage rollup   (daily: days older than 90 into months)", 2, RollUp},
             {"usage import", "usage import FILE.csv   (name,disk_mib,traffic_mib)", 3,
              ImportUsage}},
};

}  // namespace resellermgr::account
