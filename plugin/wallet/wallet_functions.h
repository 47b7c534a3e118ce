#pragma once
// Money: wallet, wallet.edit (credit limit), wallet.transfer, wallet.withdraw, wallet.deposit,
// wallet.charge, transaction (a wallet's statement). See API.md-style reference in
// docs/api-reference.md; DESIGN.md "Money".

#include "core/function_registry.h"
#include "core/reply.h"

namespace resellermgr::wallet {

void RegisterWalletFunctions(core::FunctionRegistry& registry);

// The home page's money (home/).
void MoneyTile(const Deps& deps, const core::Request& request, core::Element home);
}  // namespace resellermgr::wallet
