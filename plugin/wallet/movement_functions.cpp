// The functions that move money: wallet.transfer, .withdraw, .deposit, .refund, .charge and
// .autopay_failed, each one movement by the recipe of movement.h.

#include "account/account_store.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "core/function_registry.h"
#include "wallet/movement.h"
#include "wallet/receipts.h"
#include "wallet/wallet_store.h"

namespace resellermgr::wallet {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

Reply Transfer(const Deps& deps, const Request& request) {
  const account::Account target = Target(deps, request);
  if (!request.Submitted()) return ShowMoneyForm(target);
  const std::int64_t amount = Amount(request);
  const core::Caller& caller = request.caller();
  const Leg leg{PayerWallet(deps, caller), deps.Get<WalletStore>().ForAccount(target.id, false).id,
                caller.admin() ? WalletStore::Floor::kNone : WalletStore::Floor::kCredit,
                caller.admin() ? nullptr : &caller.account};
  return Moved(MoveMoney(deps, request, target, amount, leg, MovementOf(request, Kind::kTransfer)));
}

// Money pulled back from a wallet below to the caller's (the admin: the operator's books); the
// wallet below keeps a balance of at least zero.
Reply Withdraw(const Deps& deps, const Request& request) {
  const account::Account target = Target(deps, request);
  if (!request.Submitted()) return ShowMoneyForm(target);
  const std::int64_t amount = Amount(request);
  const Leg leg{deps.Get<WalletStore>().ForAccount(target.id, false).id,
                PayerWallet(deps, request.caller()), WalletStore::Floor::kZero, &target.name};
  return Moved(MoveMoney(deps, request, target, amount, leg, MovementOf(request, Kind::kWithdraw)));
}

// A payment from outside (the billing system confirms it): reference required.
Reply Deposit(const Deps& deps, const Request& request) {
  const account::Account target = Target(deps, request);
  const std::int64_t amount = Amount(request);
  const std::string autopay_key(request.GetOr("autopay_key", ""));
  const Kind kind = autopay_key.empty() ? Kind::kDeposit : Kind::kAutopay;
  Movement movement = MovementOf(request, kind);
  movement.reference = Bounded(request, "reference", kMaxReference, true);
  const long long wallet = deps.Get<WalletStore>().ForAccount(target.id, false).id;
  // A deposit that confirms an autopayment request settles it (the request must be open).
  if (!autopay_key.empty() &&
      !deps.Get<WalletStore>().SettleAutopay(wallet, autopay_key, true, nullptr))
    throw PluginError(ErrorKind::kNotFound, "autopay_key", base::Utf8Prefix(autopay_key, 64));
  const long long id = MoveMoney(
      deps, request, target, amount,
      {deps.Get<WalletStore>().SystemWallet(kExternal), wallet, WalletStore::Floor::kNone},
      movement);
  // "Payment received", issued with the money.
  return Moved(id, deps.Get<Receipts>().IssueReceipt(id, "payment", request.caller().login,
                                                     deps.config.currency));
}

// Money of a charge given back (admin, the billing system): `charge` names it; its refunds
// never add up past it. A refund document is issued with the money.
Reply Refund(const Deps& deps, const Request& request) {
  const account::Account target = Target(deps, request);
  const std::int64_t amount = Amount(request);
  const long long wallet = deps.Get<WalletStore>().ForAccount(target.id, false).id;
  const std::string& charge_text = request.Require("charge");
  const std::optional<long long> charge = request.GetId("charge");
  std::optional<Refundable> refundable;
  if (charge) refundable = deps.Get<WalletStore>().RefundableOf(*charge, wallet);
  if (!refundable)
    throw PluginError(ErrorKind::kNotFound, "charge", base::Utf8Prefix(charge_text, 32));
  if (amount > refundable->left) {
    throw PluginError(ErrorKind::kLimit, "amount", FormatAmount(amount),
                      "the charge has " + FormatAmount(refundable->left) + " left to refund");
  }
  Movement movement = MovementOf(request, Kind::kRefund);
  movement.reference = refundable->reference;
  movement.period = refundable->period;
  movement.refunds = *charge;
  const long long id =
      MoveMoney(deps, request, target, amount,
                {deps.Get<WalletStore>().SystemWallet(kRevenue), wallet, WalletStore::Floor::kNone},
                movement);
  return Moved(id, deps.Get<Receipts>().IssueReceipt(id, "refund", request.caller().login,
                                                     deps.config.currency));
}

// A service's price taken from a wallet: refused past its credit limit.
Reply Charge(const Deps& deps, const Request& request) {
  const account::Account target = Target(deps, request);
  const std::int64_t amount = Amount(request);
  Movement movement = MovementOf(request, Kind::kCharge);
  movement.reference = Bounded(request, "reference", kMaxReference, true);
  movement.period = Bounded(request, "period", 32, false);
  const long long wallet = deps.Get<WalletStore>().ForAccount(target.id, false).id;
  return Moved(MoveMoney(deps, request, target, amount,
                         {wallet, deps.Get<WalletStore>().SystemWallet(kRevenue),
                          WalletStore::Floor::kCredit, &target.name},
                         movement));
}

// wallet.autopay_failed (admin, the billing system): the request `autopay_key` could not be paid.
// After the rule's count of failures it stops, with an event to tell the reseller.
Reply AutopayFailed(const Deps& deps, const Request& request) {
  const account::Account target = Target(deps, request);
  const std::string& key = request.Require("autopay_key");
  bool stopped = false;
  const long long wallet = deps.Get<WalletStore>().ForAccount(target.id, true).id;
  if (!deps.Get<WalletStore>().SettleAutopay(wallet, key, false, &stopped))
    throw PluginError(ErrorKind::kNotFound, "autopay_key", base::Utf8Prefix(key, 64));
  deps.changes.Record(request, {"wallet:" + target.name,
                                "autopay failed",
                                "",
                                "wallet.autopay_failed",
                                {{"autopay_key", "", key}},
                                target.name});
  if (stopped) {
    deps.changes.Record(request, {"wallet:" + target.name,
                                  "autopay stopped",
                                  "",
                                  "wallet.autopay_stopped",
                                  {},
                                  target.name});
  }
  return Reply::Ok();
}

}  // namespace

void RegisterMovementFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("wallet.transfer", AccessLevel::kReseller, Effect::kSubmits, Transfer);
  registry.Add("wallet.withdraw", AccessLevel::kReseller, Effect::kSubmits, Withdraw);
  registry.Add("wallet.deposit",  AccessLevel::kAdmin,    Effect::kChanges, Deposit);
  registry.Add("wallet.charge",   AccessLevel::kAdmin,    Effect::kChanges, Charge);
  registry.Add("wallet.refund",   AccessLevel::kAdmin,    Effect::kChanges, Refund);
  registry.Add("wallet.autopay_failed", AccessLevel::kAdmin, Effect::kChanges, AutopayFailed);
  // clang-format on
}

}  // namespace resellermgr::wallet
