#include "wallet/module.h"

#include <iostream>

#include "base/errors.h"
#include "core/deps.h"
#include "money/amount.h"
#include "tenancy/removal_guards.h"
#include "wallet/money_arrivals.h"
#include "wallet/wallet_functions.h"
#include "wallet/wallet_store.h"

namespace resellermgr::wallet {
namespace {

// `ledger verify`: the books' invariants (DESIGN.md "Money"); exit 0 when they hold.
int Verify(core::JobContext& context, const std::vector<std::string>&) {
  const VerifyResult result = context.deps.Get<WalletStore>().Verify();
  for (const std::string& problem : result.problems) std::cout << "ledger: " << problem << "\n";
  std::cout << (result.ok ? "ledger balanced: " : "ledger BROKEN: ") << result.wallets
            << " wallets, " << result.transfers << " transfers\n";
  return result.ok ? 0 : 1;
}

void AddStores(core::StoreContext& context) {
  WalletStore& wallets =
      context.stores.Add<WalletStore>(std::make_unique<MySqlWalletStore>(context.db));
  context.stores.Make<MoneyArrivals>();  // other families listen (wallet/money_arrivals.h)
  // A reseller (or, in a cascade, a sub-reseller below it) whose wallet is not at zero is not
  // deleted (issue 20): the refusal names it, the balance and how to settle it.
  context.stores.Get<tenancy::RemovalGuards>().Add(
      [&wallets](const std::vector<std::string>& paths) {
        const auto unsettled = wallets.UnsettledAt(paths);
        if (unsettled.empty()) return;
        const auto& [name, balance] = unsettled.front();
        throw base::PluginError(
            base::ErrorKind::kExists, "balance", name,
            "the wallet holds " + money::FormatAmount(balance) +
                ": withdraw it to the parent (wallet.withdraw) or refund it, then delete");
      });
}

}  // namespace

const core::Module kModule{
    .name = "wallet",
    .areas = {{"wallets"}},
    .register_functions = RegisterWalletFunctions,
    .add_stores = AddStores,
    .tiles = {{30, MoneyTile}},
    .jobs = {{"ledger verify", "ledger verify", 2, Verify}},
};

}  // namespace resellermgr::wallet
