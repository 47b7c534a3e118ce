#include "signup/module.h"

#include <iostream>

#include "core/deps.h"
#include "signup/signup_functions.h"
#include "signup/signup_store.h"
#include "wallet/money_arrivals.h"

namespace resellermgr::signup {
namespace {

// `signup expire` (cron, hourly): unfinished sign-ups past their time go, with their pending
// accounts.
int Expire(core::JobContext& context, const std::vector<std::string>&) {
  std::cout << "expired " << ExpireSignups(context.deps) << " sign-ups\n";
  return 0;
}

void AddStores(core::StoreContext& context) {
  context.stores.Make<SignupStore>(context.db);
  context.stores.Get<wallet::MoneyArrivals>().Add(ActivateOnDeposit);
}

}  // namespace

const core::Module kModule{
    .name = "signup",
    .register_functions = RegisterSignupFunctions,
    .add_stores = AddStores,
    .jobs = {{"signup expire", "signup expire   (hourly: unfinished sign-ups past their time go)",
              2, Expire}},
};

}  // namespace resellermgr::signup
