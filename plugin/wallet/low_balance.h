#pragma once
// A wallet's available money fell below its low-balance line with a debit (wallet.edit
// low_balance; issue 25 item 1): the owner is mailed, in its language and under the brand it
// knows. The event (wallet.low_balance) is the caller's to record: a request's or a job's.

#include <string>

#include "changes/changes.h"
#include "wallet/wallet_store.h"

namespace resellermgr {
struct Deps;
}

namespace resellermgr::wallet {

// The mail, and the change the caller records (its event wallet.low_balance, about `name`).
changes::Change TellLowBalance(const Deps& deps, const std::string& name, const LowBalance& low);

}  // namespace resellermgr::wallet
