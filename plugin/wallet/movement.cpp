#include "wallet/movement.h"

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "util/crypto.h"
#include "wallet/low_balance.h"
#include "wallet/money_arrivals.h"

namespace resellermgr::wallet {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::Reply;
using core::Request;

void Record(const Deps& deps, const Request& request, const account::Account& target, Kind kind,
            std::int64_t amount, long long transfer) {
  deps.changes.Record(
      request, {"wallet:" + target.name,
                std::string(KindName(kind)) + " " + FormatAmount(amount),
                audit::RedactedParams(request),
                std::string("wallet.") + KindName(kind),
                {{"transfer", "", std::to_string(transfer)}, {"amount", "", FormatAmount(amount)}},
                target.name,
                target.id,
                target.tree_path});
}

// After `debited` left a tenant's wallet: below its low-balance line now, the owner is told;
// its autopayment rule may ask the billing system for money now (an outbox event with the
// request's key, in the same transaction as the movement).
void Autopay(const Deps& deps, const Request& request, long long wallet_id, const std::string& name,
             std::int64_t debited) {
  std::optional<LowBalance> low;
  std::optional<AutopayRequest> ask =
      deps.Get<WalletStore>().RequestAutopay(wallet_id, debited, &low);
  if (low) deps.changes.Record(request, TellLowBalance(deps, name, *low));
  if (!ask) return;
  deps.changes.Record(request,
                      {"wallet:" + name,
                       "autopay requested",
                       "",
                       "wallet.autopay_requested",
                       {{"autopay_key", "", ask->key}, {"amount", "", FormatAmount(ask->amount)}},
                       name});
}

}  // namespace

// A reseller or sub-reseller below the caller (the admin: any reseller), by elid.
account::Account Target(const Deps& deps, const Request& request) {
  const std::string& name = request.Require("elid");
  std::optional<account::Account> account = deps.Get<account::Directory>().Find(
      tenancy::Scope::Of(request.caller()), tenancy::kResellerLevel, name);
  if (!account) throw PluginError(ErrorKind::kNotFound, "elid", name);
  return *account;
}

std::int64_t Amount(const Request& request, const char* field) {
  const std::string& text = request.Require(field);
  std::optional<std::int64_t> amount = ParseAmount(text);
  if (!amount || (*amount == 0 && std::string_view(field) == "amount"))
    throw PluginError(ErrorKind::kInvalidValue, field, base::Utf8Prefix(text, 32),
                      "a positive amount with at most two decimals, such as 12.34");
  return *amount;
}

std::string Bounded(const Request& request, const char* field, std::size_t max, bool required) {
  const std::string value(required ? std::string_view(request.Require(field))
                                   : request.GetOr(field, ""));
  if (value.size() > max)
    throw PluginError(ErrorKind::kInvalidValue, field, "", "at most " + std::to_string(max));
  return value;
}

Movement MovementOf(const Request& request, Kind kind) {
  const core::Caller& caller = request.caller();
  // Money moves only with a key: a retry of a lost reply must never move it twice.
  const std::string& key = request.Require("idempotency_key");
  return {kind,
          Bounded(request, "memo", kMaxMemo, false),
          "",
          "",
          caller.login,
          caller.account,
          caller.permissions.token_name,
          key};
}

// One movement of money, the recipe every money function follows: `amount` from wallet `from` to
// `to` under `floor`, recorded through the funnel for `target`'s wallet (audit row and event),
// then, when money left a tenant's wallet (`payer` names its owner), that wallet's autopayment
// rule is looked at. Returns the transfer's id.
long long MoveMoney(const Deps& deps, const Request& request, const account::Account& target,
                    std::int64_t amount, const Leg& leg, const Movement& movement) {
  const long long id = deps.Get<WalletStore>().Move(leg.from, leg.to, amount, leg.floor, movement);
  Record(deps, request, target, movement.kind, amount, id);
  if (leg.payer != nullptr) Autopay(deps, request, leg.from, *leg.payer, amount);
  deps.Get<MoneyArrivals>().Notify(deps, request, leg.to);
  return id;
}

// The reply of a movement: the transfer's id, and the document issued with it (a receipt).
Reply Moved(long long id, std::optional<long long> document) {
  Reply reply = Reply::Ok();
  reply.Root().Set("id", id);
  if (document) reply.Root().Set("document", *document);
  return reply;
}

// The caller's side of a transfer: its own wallet, or the operator's books for the admin.
long long PayerWallet(const Deps& deps, const core::Caller& caller) {
  return caller.admin() ? deps.Get<WalletStore>().SystemWallet(kOperator)
                        : deps.Get<WalletStore>().ForAccount(caller.account_id, false).id;
}

Reply ShowMoneyForm(const account::Account& target) {
  Reply reply;
  reply.Root()
      .Set("elid", target.name)
      .Set("name", target.name)
      .Set("amount", "")
      .Set("memo", "")
      // The panel's form carries a fresh key: submitting it twice moves money once.
      .Set("idempotency_key", util::RandomToken().substr(0, 32));
  return reply;
}

}  // namespace resellermgr::wallet
