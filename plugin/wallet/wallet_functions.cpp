#include "wallet/wallet_functions.h"

#include <algorithm>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/config.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "util/crypto.h"
#include "wallet/low_balance.h"
#include "wallet/money_arrivals.h"
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

constexpr std::size_t kMaxMemo = 255;
constexpr std::size_t kMaxReference = 128;

// A reseller or sub-reseller below the caller (the admin: any reseller), by elid.
account::Account Target(const Deps& deps, const Request& request) {
  const std::string& name = request.Require("elid");
  std::optional<account::Account> account = deps.Get<account::Directory>().Find(
      tenancy::Scope::Of(request.caller()), tenancy::kResellerLevel, name);
  if (!account) throw PluginError(ErrorKind::kNotFound, "elid", name);
  return *account;
}

std::int64_t Amount(const Request& request, const char* field = "amount") {
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

// One movement of money, the recipe every money function follows: `amount` from wallet `from` to
// `to` under `floor`, recorded through the funnel for `target`'s wallet (audit row and event),
// then, when money left a tenant's wallet (`payer` names its owner), that wallet's autopayment
// rule is looked at. Returns the transfer's id.
struct Leg {
  long long from = 0, to = 0;
  WalletStore::Floor floor = WalletStore::Floor::kNone;
  const std::string* payer = nullptr;
};
long long MoveMoney(const Deps& deps, const Request& request, const account::Account& target,
                    std::int64_t amount, const Leg& leg, const Movement& movement) {
  const long long id = deps.Get<WalletStore>().Move(leg.from, leg.to, amount, leg.floor, movement);
  Record(deps, request, target, movement.kind, amount, id);
  if (leg.payer != nullptr) Autopay(deps, request, leg.from, *leg.payer, amount);
  deps.Get<MoneyArrivals>().Notify(deps, request, leg.to);
  return id;
}

// The reply of a movement: the transfer's id, and the document issued with it (a receipt).
Reply Moved(long long id, std::optional<long long> document = std::nullopt) {
  Reply reply = Reply::Ok();
  reply.Root().Set("id", id);
  if (document) reply.Root().Set("document", *document);
  return reply;
}

void AppendWallet(core::Element& e, const Wallet& w) {
  e.Set("name", w.name)
      .Set("owner", w.owner)
      .Set("balance", FormatAmount(w.balance))
      .Set("credit_limit", FormatAmount(w.credit_limit))
      .Set("available", FormatAmount(w.available()))
      .Set("last_movement", w.last_movement);
}

Reply ListWallets(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  Reply reply;
  for (const Wallet& w : deps.Get<WalletStore>().List(caller.account_path, caller.admin(),
                                                      caller.admin() ? 0 : caller.account_id)) {
    core::Element row = reply.AddRow();
    AppendWallet(row, w);
  }
  return reply;
}

// wallet.edit: the credit limit of a wallet below the caller. A reseller grants its
// sub-resellers at most its own credit limit.
Reply EditWallet(const Deps& deps, const Request& request) {
  const account::Account target = Target(deps, request);
  if (!request.Submitted()) {
    const Wallet w = deps.Get<WalletStore>().ForAccount(target.id, false);
    Reply reply;
    reply.Root()
        .Set("elid", target.name)
        .Set("name", target.name)
        .Set("balance", FormatAmount(w.balance))
        .Set("credit_limit", FormatAmount(w.credit_limit));
    const AutopayRule rule = deps.Get<WalletStore>().Rule(w.id);
    reply.Root()
        .Set("autopay_mode", rule.mode)
        .Set("autopay_threshold", FormatAmount(rule.threshold))
        .Set("autopay_target", FormatAmount(rule.target))
        .Set("autopay_minimum", FormatAmount(rule.minimum))
        .Set("autopay_monthly_max", rule.monthly_max)
        .Set("autopay_max_failures", rule.max_failures)
        .Set("autopay_stopped", rule.stopped ? "on" : "off")
        .Set("low_balance", rule.low_balance > 0 ? FormatAmount(rule.low_balance) : "");
    return reply;
  }
  const core::Caller& caller = request.caller();
  const Wallet before = deps.Get<WalletStore>().ForAccount(target.id, true);
  std::vector<changes::FieldChange> fields;
  if (request.Has("credit_limit")) {
    const std::int64_t credit = Amount(request, "credit_limit");
    if (!caller.admin()) {
      // A reseller's credit is a pool (issue 20): what all its accounts are given together stays
      // within its own limit. Its wallet is locked first (parent before child).
      const Wallet own = deps.Get<WalletStore>().ForAccount(caller.account_id, true);
      const std::int64_t others =
          deps.Get<WalletStore>().CreditGivenBelow(caller.account_id, target.id);
      if (others + credit > own.credit_limit) {
        throw PluginError(ErrorKind::kLimit, "credit_limit", FormatAmount(credit),
                          FormatAmount(credit) + " asked, " +
                              FormatAmount(std::max<std::int64_t>(own.credit_limit - others, 0)) +
                              " left of your credit limit " + FormatAmount(own.credit_limit));
      }
    }
    // Never below what the account has given its own accounts: they lower theirs first.
    if (const std::int64_t given = deps.Get<WalletStore>().CreditGivenBelow(target.id, 0);
        credit < given) {
      throw PluginError(
          ErrorKind::kLimit, "credit_limit", FormatAmount(credit),
          "its accounts are given " + FormatAmount(given) + " of credit; lower theirs first");
    }
    deps.Get<WalletStore>().SetCreditLimit(target.id, credit);
    fields.push_back({"credit_limit", FormatAmount(before.credit_limit), FormatAmount(credit)});
  }
  if (request.Has("low_balance")) {
    const std::int64_t line =
        request.GetOr("low_balance", "").empty() ? 0 : Amount(request, "low_balance");
    if (line < 0)
      throw PluginError(ErrorKind::kInvalidValue, "low_balance", FormatAmount(line),
                        "a line of zero (none) or more");
    const std::int64_t old = deps.Get<WalletStore>().Rule(before.id).low_balance;
    deps.Get<WalletStore>().SetLowBalance(target.id, line);
    fields.push_back({"low_balance", FormatAmount(old), FormatAmount(line)});
  }
  if (request.Has("autopay_mode")) {
    AutopayRule rule;
    rule.mode = request.GetOr("autopay_mode", "off");
    if (rule.mode != "off" && rule.mode != "add_funds" && rule.mode != "repay")
      throw PluginError(ErrorKind::kInvalidValue, "autopay_mode", rule.mode);
    const auto amount_or_zero = [&](const char* field) -> std::int64_t {
      return request.GetOr(field, "").empty() ? 0 : Amount(request, field);
    };
    rule.threshold = amount_or_zero("autopay_threshold");
    rule.target = amount_or_zero("autopay_target");
    rule.minimum = amount_or_zero("autopay_minimum");
    rule.monthly_max = static_cast<int>(request.GetInt("autopay_monthly_max", 5, 1, 100));
    rule.max_failures = static_cast<int>(request.GetInt("autopay_max_failures", 3, 1, 100));
    if (rule.mode == "add_funds" && rule.target <= rule.threshold)
      throw PluginError(ErrorKind::kInvalidValue, "autopay_target", FormatAmount(rule.target),
                        "the target must be above the threshold");
    const AutopayRule old = deps.Get<WalletStore>().Rule(before.id);
    deps.Get<WalletStore>().SetRule(before.id, rule);
    fields.push_back({"autopay", old.mode, rule.mode});
  }
  deps.changes.Record(request, {"wallet:" + target.name, "changed", audit::RedactedParams(request),
                                "wallet.changed", std::move(fields), target.name});
  return Reply::Ok();
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

// transaction: a wallet's statement (its own without elid), newest first, with running balance.
Reply ListTransactions(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const std::string_view elid = request.GetOr("elid", "");
  long long account_id = caller.account_id;
  if (!elid.empty() && elid != caller.account) account_id = Target(deps, request).id;
  if (caller.admin() && account_id == caller.account_id)
    throw PluginError(ErrorKind::kInvalidValue, "elid", "", "name a reseller's wallet");
  const Wallet w = deps.Get<WalletStore>().ForAccount(account_id, false);
  const int limit = static_cast<int>(request.GetInt("p_cnt", 100, 1, 1000));
  Reply reply;
  reply.Root()
      .Set("balance", FormatAmount(w.balance))
      .Set("available", FormatAmount(w.available()));
  for (const Entry& e : deps.Get<WalletStore>().Statement(w.id, limit)) {
    reply.AddRow()
        .Set("id", e.id)
        .Set("time", e.at)
        .Set("kind", e.kind)
        .Set("counterparty", e.counterparty)
        .Set("amount", FormatAmount(e.amount))
        .Set("balance", FormatAmount(e.balance))
        .Set("memo", e.memo)
        .Set("reference", e.reference)
        .Set("period", e.period)
        .Set("actor", e.actor);
  }
  return reply;
}

}  // namespace

void RegisterWalletFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("wallet",          AccessLevel::kReseller, Effect::kReads,   ListWallets);
  registry.Add("wallet.edit",     AccessLevel::kReseller, Effect::kSubmits, EditWallet);
  registry.Add("wallet.transfer", AccessLevel::kReseller, Effect::kSubmits, Transfer);
  registry.Add("wallet.withdraw", AccessLevel::kReseller, Effect::kSubmits, Withdraw);
  registry.Add("wallet.deposit",  AccessLevel::kAdmin,    Effect::kChanges, Deposit);
  registry.Add("wallet.charge",   AccessLevel::kAdmin,    Effect::kChanges, Charge);
  registry.Add("wallet.refund",   AccessLevel::kAdmin,    Effect::kChanges, Refund);
  registry.Add("wallet.autopay_failed", AccessLevel::kAdmin, Effect::kChanges, AutopayFailed);
  registry.Add("transaction",     AccessLevel::kReseller, Effect::kReads,   ListTransactions);
  // clang-format on
  registry.SetGroup("wallet", "wallets");
  registry.SetGroup("transaction", "wallets");
  registry.SetObject("transaction", "wallet");
}

// The home page's money: a reseller's own wallet, the admin's totals over every wallet.
void MoneyTile(const Deps& deps, const core::Request& request, core::Element home) {
  const core::Caller& caller = request.caller();
  if (caller.level < core::AccessLevel::kReseller ||
      !caller.permissions.Allows("wallets", core::Action::kRead))
    return;
  const Summary money = deps.Get<WalletStore>().Dashboard(caller.account_id, caller.admin());
  home.Add("money")
      .Attr("balance", money::FormatAmount(money.balance))
      .Attr("available", money::FormatAmount(money.balance + money.credit_limit))
      .Attr("charged_today", money::FormatAmount(money.charged_today))
      .Attr("charged_month", money::FormatAmount(money.charged_month));
}

}  // namespace resellermgr::wallet
