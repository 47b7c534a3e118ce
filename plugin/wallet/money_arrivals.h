#pragma once
// What follows money arriving in a wallet (a deposit, a transfer, a refund, a withdrawal back to
// the caller): another family may act on it in the movement's own transaction (the billing family
// settles the days the account could not pay and lifts their suspension). The wallet family
// offers it as a store; listeners are added when the stores are built.

#include <functional>
#include <vector>

#include "core/deps.h"
#include "core/request.h"

namespace resellermgr::wallet {

class MoneyArrivals {
 public:
  // Runs in the request that moved the money (its funnel records what the listener changes).
  using Listener =
      std::function<void(const Deps& deps, const core::Request& request, long long wallet_id)>;
  void Add(Listener listener) { listeners_.push_back(std::move(listener)); }
  void Notify(const Deps& deps, const core::Request& request, long long wallet_id) const {
    for (const Listener& listener : listeners_) listener(deps, request, wallet_id);
  }

 private:
  std::vector<Listener> listeners_;
};

}  // namespace resellermgr::wallet
