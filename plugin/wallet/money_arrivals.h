#pragma once
// What follows money arriving in a wallet (a deposit, a transfer, a refund, a withdrawal back to
// the caller): another family may act on it in the movement's own transaction (the billing family
// settles the days the account could not pay and lifts their suspension). The wallet family
// offers it as a store; listeners are added when the stores are built.

#include <functional>
#include <vector>

#include "core/deps.h"
#include "core/request.h"
#include "wallet/wallet_store.h"

namespace resellermgr::wallet {

class MoneyArrivals {
 public:
  // Runs in the request that moved the money (its funnel records what the listener changes),
  // for a tenant's wallet (`account_id` its owner's; the operator's books have no listeners).
  using Listener = std::function<void(const Deps& deps, const core::Request& request,
                                      long long wallet_id, long long account_id)>;
  void Add(Listener listener) { listeners_.push_back(std::move(listener)); }
  void Notify(const Deps& deps, const core::Request& request, long long wallet_id) const {
    if (listeners_.empty()) return;
    const std::optional<long long> account_id = deps.Get<WalletStore>().AccountOf(wallet_id);
    if (!account_id) return;  // the operator's books
    for (const Listener& listener : listeners_) listener(deps, request, wallet_id, *account_id);
  }

 private:
  std::vector<Listener> listeners_;
};

}  // namespace resellermgr::wallet
