#include "wallet/wallet_functions.h"

#include <algorithm>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "wallet/movement.h"
#include "wallet/wallet_store.h"

namespace resellermgr::wallet {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

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
  registry.Add("transaction",     AccessLevel::kReseller, Effect::kReads,   ListTransactions);
  // clang-format on
  RegisterMovementFunctions(registry);
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
