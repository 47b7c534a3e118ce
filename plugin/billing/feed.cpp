// billing.usage: the feed a reseller's own billing system invoices its clients from (issue 23).

#include "billing/feed.h"

#include <chrono>
#include <ctime>
#include <map>
#include <regex>

#include "base/errors.h"
#include "billing/billing_store.h"
#include "billing/daily_share.h"
#include "core/deps.h"
#include "money/amount.h"
#include "ratecard/ratecard_store.h"

namespace resellermgr::billing {
namespace {

using namespace std::chrono;

std::string Format(const year_month_day& day) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return text;
}

year_month_day Parse(const std::string& text) {
  return year_month_day{year(std::stoi(text.substr(0, 4))),
                        month(static_cast<unsigned>(std::stoi(text.substr(5, 2)))),
                        day(static_cast<unsigned>(std::stoi(text.substr(8, 2))))};
}

// billing.usage (month=YYYY-MM, default the month under way): for each client of the caller
// (its users and sub-resellers), each item it is billed for: the account (or plan:TEMPLATE, a
// sub-reseller's reseller), each active service, its disk (the month's highest, in GiB) and its
// traffic (GiB of the month); with the days it was there in the month (to today for the month
// under way), the caller's monthly price at the client's card on the last of those days, and what
// those days come to, day by day at the price in force each day (traffic: its GiB at the price).
core::Reply ListFeed(const Deps& deps, const core::Request& request) {
  const year_month_day today{floor<days>(system_clock::now())};
  const std::string this_month = Format(today).substr(0, 7);
  const std::string month_text(request.GetOr("month", this_month));
  static const std::regex kMonth(R"([0-9]{4}-(0[1-9]|1[0-2]))");
  if (!std::regex_match(month_text, kMonth) || month_text > this_month)
    throw base::PluginError(base::ErrorKind::kInvalidValue, "month", month_text.substr(0, 16),
                            "a month as YYYY-MM, this month or before");
  const year_month_day first = Parse(month_text + "-01");
  const year_month_day last_of_month{first.year() / first.month() / last};
  const year_month_day last = month_text == this_month ? today : last_of_month;
  const int month_days = static_cast<int>(static_cast<unsigned>(last_of_month.day()));

  ratecard::RatecardStore& cards = deps.Get<ratecard::RatecardStore>();
  std::map<std::pair<long long, std::string>, std::map<std::string, std::int64_t>> prices;
  const auto price_on = [&](long long card, const std::string& item,
                            const std::string& day) -> std::optional<std::int64_t> {
    auto [it, added] = prices.try_emplace({card, day});
    if (added) it->second = cards.InForce(card, day);
    const auto* price = ratecard::PriceFor(it->second, item);
    if (price == nullptr) return std::nullopt;
    return price->second;
  };

  core::Reply reply;
  reply.Root().Set("month", month_text).Set("currency", deps.config.currency);
  for (const FeedClient& client :
       deps.Get<MySqlBillingStore>().Clients(request.caller().account_id, Format(last))) {
    struct Line {
      std::string item, since;
      long long quantity;
    };
    std::vector<Line> lines;
    lines.push_back({client.reseller         ? std::string("reseller")
                     : client.preset.empty() ? std::string("account")
                                             : "plan:" + client.preset,
                     client.created, 1});
    for (const auto& [service, since] : client.services)
      lines.push_back({"service:" + service, since, 1});
    if (client.disk_gib > 0) lines.push_back({"disk_gib", client.created, client.disk_gib});
    if (client.traffic_gib > 0)
      lines.push_back({"traffic_gib", client.created, client.traffic_gib});
    for (const Line& line : lines) {
      const year_month_day from = std::max(Parse(line.since), first);
      if (sys_days(from) > sys_days(last)) continue;
      const int days_active = static_cast<int>((sys_days(last) - sys_days(from)).count()) + 1;
      std::int64_t amount = 0;
      std::optional<std::int64_t> monthly;
      if (client.card_id != 0 && line.item == "traffic_gib") {
        // Traffic is priced a GiB of the month, not by the day.
        monthly = price_on(client.card_id, line.item, Format(last));
        amount = monthly.value_or(0);
      } else if (client.card_id != 0) {
        for (sys_days d = from; d <= sys_days(last); d += days{1}) {
          const year_month_day day{d};
          monthly = price_on(client.card_id, line.item, Format(day));
          if (monthly)
            amount += DailyShare(*monthly, static_cast<int>(static_cast<unsigned>(day.day())),
                                 month_days);
        }
      }
      reply.AddRow()
          .Set("client", client.name)
          .Set("item", line.item)
          .Set("quantity", line.quantity)
          .Set("days", days_active)
          .Set("price", monthly ? money::FormatAmount(*monthly) : std::string())
          .Set("amount", money::FormatAmount(amount * line.quantity));
    }
  }
  return reply;
}

}  // namespace

void RegisterFeed(core::FunctionRegistry& registry) {
  registry.Add("billing.usage", core::AccessLevel::kReseller, core::Effect::kReads, ListFeed);
  // What a reseller bills is money: the wallets right area.
  registry.SetGroup("billing", "wallets");
}

}  // namespace resellermgr::billing
