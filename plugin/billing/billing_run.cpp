#include "billing/billing_run.h"

#include <vector>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/days.h"
#include "base/errors.h"
#include "billing/billing_store.h"
#include "billing/charge_label.h"
#include "billing/daily_share.h"
#include "changes/changes.h"
#include "contacts/contacts.h"
#include "db/connection.h"
#include "db/transaction.h"
#include "mail/mail.h"
#include "money/amount.h"
#include "ratecard/item_kinds.h"
#include "ratecard/ratecard_store.h"
#include "wallet/low_balance.h"
#include "wallet/wallet_store.h"

namespace resellermgr::billing {
namespace {

// What a payer owes for the day, by item: a user on a template the card prices as
// plan:TEMPLATE is charged at that price, any other user as `account`. Each item costs the day's
// share of its monthly price, but traffic: a GiB of the month's traffic costs its whole price,
// charged on the day it is first reported.
std::vector<Charge> ChargesOf(const std::map<std::string, long long>& held,
                              const std::map<std::string, std::int64_t>& prices, int day,
                              int days) {
  std::map<std::string, Charge> by_item;
  for (const auto& [item, quantity] : held) {
    const auto* price = ratecard::PriceFor(prices, item);
    if (price == nullptr || quantity <= 0) continue;
    const std::string& priced = price->first;
    Charge& charge = by_item[priced];
    charge.item = priced;
    charge.quantity += quantity;
    charge.monthly_price = price->second;
  }
  std::vector<Charge> charges;
  for (auto& [item, charge] : by_item) {
    charge.amount =
        charge.quantity * (item == "traffic_gib" ? charge.monthly_price
                                                 : DailyShare(charge.monthly_price, day, days));
    if (charge.amount > 0) charges.push_back(charge);
  }
  return charges;
}

// What a reseller's own users come to on `day` at its cards: each group a day's share of its
// item's monthly price (a template the card does not price as `account`).
std::int64_t BillableOn(ratecard::RatecardStore& cards, const std::vector<ClientGroup>& groups,
                        const std::string& day) {
  const int day_of_month = base::DayOfMonth(day), days = base::DaysInMonth(day);
  std::map<long long, std::map<std::string, std::int64_t>> prices;  // by card
  std::int64_t billable = 0;
  for (const ClientGroup& group : groups) {
    auto [it, added] = prices.try_emplace(group.card_id);
    if (added) it->second = cards.InForce(group.card_id, day);
    if (const auto* price = ratecard::PriceFor(it->second, group.item))
      billable += group.count * DailyShare(price->second, day_of_month, days);
  }
  return billable;
}

// A day's charge of one item as the ledger keeps it: the day and quantity in the memo, the item
// as the reference and the month as the period, so the month's invoice has a line per item.
wallet::Movement ChargeMovement(const Charge& c, const std::string& day, const std::string& payer) {
  return {wallet::Kind::kCharge,
          day + ": " + std::to_string(c.quantity) + " x " + c.item,
          std::string(kChargeReference) + c.item,
          day.substr(0, 7),
          "billing",
          payer,
          "",
          ""};
}

// The payer is told, in its language and under the brand it knows, in the change's transaction.
void Tell(const Deps& deps, long long account_id, const std::string& kind,
          const std::map<std::string, std::string>& values) {
  const contacts::Contact to = deps.Get<contacts::Contacts>().ContactOf(account_id, false);
  deps.mail.Enqueue(deps.Get<mail::Composer>().ComposeTo(to, kind, values));
}

// After a day's charges (or a day they could not pay): the wallet's autopayment rule may ask
// the payer's billing system for money now, as after any charge (an outbox event with the
// request's key; wallet/wallet_functions.cpp). The wallet is locked by the caller.
void Autopay(const Deps& deps, const Payer& payer, long long wallet_id, std::int64_t debited) {
  std::optional<wallet::LowBalance> low;
  const std::optional<wallet::AutopayRequest> ask =
      deps.Get<wallet::WalletStore>().RequestAutopay(wallet_id, debited, &low);
  if (low)
    deps.changes.RecordJob("billing", payer.account_id, payer.name,
                           wallet::TellLowBalance(deps, payer.name, *low));
  if (!ask) return;
  deps.changes.RecordJob(
      "billing", payer.account_id, payer.name,
      {"wallet:" + payer.name,
       "autopay requested",
       "",
       "wallet.autopay_requested",
       {{"autopay_key", "", ask->key}, {"amount", "", money::FormatAmount(ask->amount)}}});
}

// What `days` come to.
std::int64_t Owed(const std::vector<UnpaidDay>& days) {
  std::int64_t owed = 0;
  for (const UnpaidDay& day : days) owed += day.amount;
  return owed;
}

}  // namespace

RunResult RunDay(const Deps& deps, const std::string& day) {
  MySqlBillingStore& store = deps.Get<MySqlBillingStore>();
  wallet::WalletStore& wallets = deps.Get<wallet::WalletStore>();
  ratecard::RatecardStore& cards = deps.Get<ratecard::RatecardStore>();
  const ratecard::ItemKinds& kinds = deps.Get<ratecard::ItemKinds>();
  const int day_of_month = base::DayOfMonth(day), days = base::DaysInMonth(day);
  RunResult result;
  for (const Payer& payer : store.DuePayers(day)) {
    std::vector<Charge> charges;
    if (payer.card_id != 0) {
      std::map<std::string, long long> held = store.Holdings(payer, day);
      for (const ratecard::ItemKind& kind : kinds.all())
        held.merge(kind.held(deps, payer.account_id, payer.tree_path));
      charges = ChargesOf(held, cards.InForce(payer.card_id, day), day_of_month, days);
    }
    const std::int64_t billable = BillableOn(cards, store.OwnClients(payer.account_id), day);
    std::int64_t total = 0;
    for (const Charge& c : charges) total += c.amount;
    bool paid = true;
    try {
      db::Transaction tx(deps.db);
      if (!store.Claim(day, payer.account_id, true, total, billable))
        continue;  // another run took it
      if (!charges.empty()) {
        const long long from = wallets.ForAccount(payer.account_id, true).id;
        const long long to = payer.parent_is_admin ? wallets.SystemWallet(wallet::kRevenue)
                                                   : wallets.ForAccount(payer.parent_id, false).id;
        for (Charge& c : charges) {
          c.transfer_id = wallets.Move(from, to, c.amount, wallet::WalletStore::Floor::kCredit,
                                       ChargeMovement(c, day, payer.name));
          store.Record(day, payer.account_id, c);
          ++result.movements;
        }
        Autopay(deps, payer, from, total);
      }
      tx.Commit();
    } catch (const base::PluginError& e) {
      if (e.kind() != base::ErrorKind::kLimit) throw;
      paid = false;
    }
    if (paid) {
      ++result.charged;
      result.amount += total;
      continue;
    }
    // Past its credit limit: nothing moves; the day and what it would have cost are kept.
    db::Transaction tx(deps.db);
    if (store.Claim(day, payer.account_id, false, total, billable)) {
      for (Charge& c : charges) {
        c.transfer_id = 0;
        store.Record(day, payer.account_id, c);
      }
      deps.changes.RecordJob("billing", payer.account_id, payer.name,
                             {"wallet:" + payer.name,
                              "unpaid day " + day,
                              "",
                              "billing.unpaid",
                              {{"day", "", day}, {"amount", "", money::FormatAmount(total)}}});
      Autopay(deps, payer, wallets.ForAccount(payer.account_id, true).id, 0);
      // Warned once a run of unpaid days begins, with the time left before suspension.
      if (const std::vector<UnpaidDay> unpaid = store.UnpaidDays(payer.account_id);
          unpaid.size() == 1) {
        Tell(deps, payer.account_id, "billing.unpaid",
             {{"name", payer.name},
              {"day", day},
              {"amount", money::FormatAmount(total)},
              {"currency", deps.config.currency},
              {"grace_days", std::to_string(store.GraceDays(payer.account_id))}});
      }
      ++result.unpaid;
    }
    tx.Commit();
  }
  // Past the grace period: suspended by the parent it owes, as the parent would suspend it.
  account::AccountStore& accounts = deps.Get<account::AccountStore>();
  for (const Overdue& overdue : store.OverdueResellers()) {
    const std::optional<account::Account> parent = accounts.Get(overdue.parent_id);
    if (!parent) continue;
    db::Transaction tx(deps.db);
    accounts.Suspend({parent->id, parent->level, parent->tree_path}, tenancy::kResellerLevel,
                     {overdue.name}, kUnpaidReason, true);
    deps.changes.RecordJob("billing", overdue.account_id, overdue.name,
                           {overdue.name,
                            "suspended: unpaid",
                            "",
                            "billing.grace_ended",
                            {{"suspended", "", "unpaid"}}});
    const std::vector<UnpaidDay> unpaid = store.UnpaidDays(overdue.account_id);
    Tell(deps, overdue.account_id, "billing.suspended",
         {{"name", overdue.name},
          {"days", std::to_string(unpaid.size())},
          {"amount", money::FormatAmount(Owed(unpaid))},
          {"currency", deps.config.currency}});
    tx.Commit();
    ++result.suspended;
  }
  return result;
}

void SettleUnpaid(const Deps& deps, const core::Request& request, long long wallet_id,
                  long long account_id) {
  MySqlBillingStore& store = deps.Get<MySqlBillingStore>();
  wallet::WalletStore& wallets = deps.Get<wallet::WalletStore>();
  account::AccountStore& accounts = deps.Get<account::AccountStore>();
  // Nothing owed and not held for it (nearly every arrival): one read, nothing more (issue 26:
  // a transfer's statements). Nothing owed but held: the suspension left over goes.
  const MySqlBillingStore::Arrears arrears = store.ArrearsOf(account_id);
  if (!arrears.owed && !arrears.held) return;
  std::vector<UnpaidDay> days =
      arrears.owed ? store.UnpaidDays(account_id) : std::vector<UnpaidDay>{};
  bool lifted = false;
  if (days.empty() && !(lifted = accounts.LiftSuspension(account_id, kUnpaidReason))) return;
  const std::optional<Payer> payer = store.PayerOf(account_id);
  if (!payer) return;
  for (UnpaidDay& day : days) {
    // A whole day or nothing: what the funds cannot cover waits for more money.
    if (wallets.ForAccount(account_id, true).available() < day.amount) return;
    const long long to = payer->parent_is_admin ? wallets.SystemWallet(wallet::kRevenue)
                                                : wallets.ForAccount(payer->parent_id, false).id;
    for (Charge& c : day.charges) {
      c.transfer_id = wallets.Move(wallet_id, to, c.amount, wallet::WalletStore::Floor::kCredit,
                                   ChargeMovement(c, day.day, payer->name));
    }
    store.MarkPaid(day, account_id);
    deps.changes.Record(request, {"wallet:" + payer->name,
                                  "unpaid day " + day.day + " paid",
                                  "",
                                  "billing.day_paid",
                                  {{"amount", "", money::FormatAmount(day.amount)}}});
  }
  if (lifted || accounts.LiftSuspension(account_id, kUnpaidReason)) {
    deps.changes.Record(
        request,
        {payer->name, "resumed: paid", "", "account.resumed", {{"suspended", "unpaid", ""}}});
    Tell(deps, account_id, "account.resumed", {{"name", payer->name}});
  }
}

void MarginsTile(const Deps& deps, const core::Request& request, core::Element home) {
  const core::Caller& caller = request.caller();
  if (caller.level != core::AccessLevel::kReseller ||
      !caller.permissions.Allows("wallets", core::Action::kRead))
    return;
  const std::string today = base::UtcDay();
  const std::string month_start = today.substr(0, 8) + "01";
  MySqlBillingStore& store = deps.Get<MySqlBillingStore>();
  const Flows flows = store.FlowsOf(caller.account_id, today, month_start);
  const std::int64_t billable =
      BillableOn(deps.Get<ratecard::RatecardStore>(), store.OwnClients(caller.account_id), today);
  const wallet::Wallet wallet =
      deps.Get<wallet::WalletStore>().ForAccount(caller.account_id, false);
  core::Element tile = home.Add("billing");
  tile.Attr("cost_today", money::FormatAmount(flows.cost_today))
      .Attr("cost_month", money::FormatAmount(flows.cost_month))
      .Attr("income_today", money::FormatAmount(flows.income_today))
      .Attr("income_month", money::FormatAmount(flows.income_month))
      .Attr("billable_today", money::FormatAmount(billable))
      .Attr("margin_today", money::FormatAmount(flows.income_today + billable - flows.cost_today));
  if (flows.cost_today > 0)
    tile.Attr("days_covered", std::max<std::int64_t>(wallet.available(), 0) / flows.cost_today);
}

}  // namespace resellermgr::billing
