#pragma once
// What every money function shares: the account a request names, its amount and texts, and the
// recipe of one movement of money (the store's Move, then the audit row and event, the payer's
// autopayment rule and low-balance line, and what other families do when money arrives).

#include <cstdint>
#include <optional>
#include <string>

#include "account/account.h"
#include "core/function_registry.h"
#include "core/reply.h"
#include "core/request.h"
#include "wallet/wallet_store.h"

namespace resellermgr {
struct Deps;
}

namespace resellermgr::wallet {

inline constexpr std::size_t kMaxMemo = 255;
inline constexpr std::size_t kMaxReference = 128;

// A reseller or sub-reseller below the caller (the admin: any reseller), by elid.
account::Account Target(const Deps& deps, const core::Request& request);
// A positive amount with at most two decimals (zero allowed for fields other than "amount").
std::int64_t Amount(const core::Request& request, const char* field = "amount");
// A text field of at most `max` bytes.
std::string Bounded(const core::Request& request, const char* field, std::size_t max,
                    bool required);
// The movement's record: its kind, memo, who made it and its idempotency key (required).
Movement MovementOf(const core::Request& request, Kind kind);

// One movement of money, the recipe every money function follows: `amount` from wallet `from` to
// `to` under `floor`, recorded through the funnel for `target`'s wallet (audit row and event),
// then, when money left a tenant's wallet (`payer` names its owner), that wallet's autopayment
// rule is looked at. Returns the transfer's id.
struct Leg {
  long long from = 0, to = 0;
  WalletStore::Floor floor = WalletStore::Floor::kNone;
  const std::string* payer = nullptr;
};
long long MoveMoney(const Deps& deps, const core::Request& request, const account::Account& target,
                    std::int64_t amount, const Leg& leg, const Movement& movement);
// The reply of a movement: the transfer's id, and the document issued with it (a receipt).
core::Reply Moved(long long id, std::optional<long long> document = std::nullopt);

// The caller's side of a transfer: its own wallet, or the operator's books for the admin.
long long PayerWallet(const Deps& deps, const core::Caller& caller);
// The form of a movement to or from `target`, with a fresh idempotency key.
core::Reply ShowMoneyForm(const account::Account& target);

// wallet.transfer, .withdraw, .deposit, .charge, .refund, .autopay_failed (movement_functions.cpp).
void RegisterMovementFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::wallet
