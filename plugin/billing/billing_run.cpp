#include "billing/billing_run.h"

#include <chrono>
#include <vector>

#include "base/errors.h"
#include "billing/billing_store.h"
#include "billing/daily_share.h"
#include "db/connection.h"
#include "db/transaction.h"
#include "ratecard/ratecard_store.h"
#include "wallet/wallet_store.h"

namespace resellermgr::billing {
namespace {

// Day of month and the month's length of a YYYY-MM-DD day.
std::pair<int, int> DayOfMonth(const std::string& day) {
  using namespace std::chrono;
  const year y(std::stoi(day.substr(0, 4)));
  const month m(static_cast<unsigned>(std::stoi(day.substr(5, 2))));
  const int d = std::stoi(day.substr(8, 2));
  return {d, static_cast<int>(static_cast<unsigned>(year_month_day_last(y / m / last).day()))};
}

// What a payer owes for the day, by item: a user on a template the card prices as
// plan:TEMPLATE is charged at that price, any other user as `account`.
std::vector<Charge> ChargesOf(const std::map<std::string, long long>& held,
                              const std::map<std::string, std::int64_t>& prices, int day,
                              int days) {
  std::map<std::string, Charge> by_item;
  for (const auto& [item, quantity] : held) {
    std::string priced = item;
    if (item.starts_with("plan:") && !prices.count(item)) priced = "account";
    auto price = prices.find(priced);
    if (price == prices.end() || quantity <= 0) continue;
    Charge& charge = by_item[priced];
    charge.item = priced;
    charge.quantity += quantity;
    charge.monthly_price = price->second;
  }
  std::vector<Charge> charges;
  for (auto& [item, charge] : by_item) {
    charge.amount = charge.quantity * DailyShare(charge.monthly_price, day, days);
    if (charge.amount > 0) charges.push_back(charge);
  }
  return charges;
}

}  // namespace

RunResult RunDay(const Deps& deps, const std::string& day) {
  MySqlBillingStore store(deps.db);
  wallet::WalletStore& wallets = deps.Get<wallet::WalletStore>();
  ratecard::RatecardStore& cards = deps.Get<ratecard::RatecardStore>();
  const auto [day_of_month, days] = DayOfMonth(day);
  RunResult result;
  for (const Payer& payer : store.DuePayers(day)) {
    std::vector<Charge> charges =
        ChargesOf(store.Holdings(payer), cards.InForce(payer.card_id, day), day_of_month, days);
    std::int64_t total = 0;
    for (const Charge& c : charges) total += c.amount;
    bool paid = true;
    try {
      db::Transaction tx(deps.db);
      if (!store.Claim(day, payer.account_id, true, total)) continue;  // another run took it
      const long long from = wallets.ForAccount(payer.account_id, true).id;
      const long long to = payer.parent_is_admin ? wallets.SystemWallet(wallet::kRevenue)
                                                 : wallets.ForAccount(payer.parent_id, false).id;
      for (Charge& c : charges) {
        c.transfer_id =
            wallets.Move(from, to, c.amount, wallet::WalletStore::Floor::kCredit,
                         {wallet::Kind::kCharge, std::to_string(c.quantity) + " x " + c.item,
                          "billing:" + c.item, day, "billing", payer.name, "", ""});
        store.Record(day, payer.account_id, c);
        ++result.movements;
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
    if (store.Claim(day, payer.account_id, false, total)) {
      for (Charge& c : charges) {
        c.transfer_id = 0;
        store.Record(day, payer.account_id, c);
      }
      ++result.unpaid;
    }
    tx.Commit();
  }
  return result;
}

}  // namespace resellermgr::billing
