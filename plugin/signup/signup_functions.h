#pragma once
// Reseller sign-up (issue 24, signup_functions.cpp).

#include "core/deps.h"
#include "core/function_registry.h"
#include "core/request.h"

namespace resellermgr::signup {

// The provenance of a pending sign-up's suspension (suspension.reason): lifted when its deposit
// comes.
inline constexpr char kPendingReason[] = "signup:pending";

void RegisterSignupFunctions(core::FunctionRegistry& registry);
// Money arriving in a pending reseller's wallet with the sign-up's payment key (wallet.deposit
// payment_key=) activates it when the wallet then holds the deposit asked for.
void ActivateOnDeposit(const Deps& deps, const core::Request& request, long long wallet_id,
                       long long account_id);
// Removes the sign-ups past their time (and their pending accounts); returns how many.
int ExpireSignups(const Deps& deps);

}  // namespace resellermgr::signup
