#pragma once
// Wallets and the ledger: deposits, transfers, charges, autopay.

#include "core/module.h"

namespace resellermgr::wallet {

extern const core::Module kModule;

}  // namespace resellermgr::wallet
