#include "wallet/module.h"

#include <iostream>

#include "deps.h"
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

}  // namespace

const core::Module kModule{
    .name = "wallet",
    .areas = {{"wallets"}},
    .register_functions = RegisterWalletFunctions,
    .add_stores = [](core::StoreContext& context) { context.stores.Make<WalletStore>(context.db); },
    .tiles = {{30, MoneyTile}},
    .jobs = {{"ledger verify", "ledger verify", 2, Verify}},
};

}  // namespace resellermgr::wallet
