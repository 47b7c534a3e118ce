#pragma once
// Money: wallet, wallet.edit (credit limit), wallet.transfer, wallet.withdraw, wallet.deposit,
// wallet.charge, transaction (a wallet's statement). See API.md-style reference in
// docs/api-reference.md; DESIGN.md "Money".

#include "core/function_registry.h"

namespace resellermgr::wallet {

void RegisterWalletFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::wallet
