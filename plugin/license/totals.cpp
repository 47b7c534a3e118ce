// What a reseller's licences come to (issue 24): held, its limit, unused and their cost a month at
// its provider card, heading the licence list and on the home page.

#include <charconv>

#include "base/days.h"
#include "license/license_functions.h"
#include "money/amount.h"
#include "ratecard/ratecard_store.h"

namespace resellermgr::license {

using core::AccessLevel;
using core::Request;

// What one licence of each type costs `account_id` a month at its provider card.
std::map<int, std::int64_t> MonthlyCosts(const Deps& deps, long long account_id) {
  std::map<int, std::int64_t> costs;
  ratecard::RatecardStore& cards = deps.Get<ratecard::RatecardStore>();
  const std::optional<ratecard::Card> provider = cards.HeldBy(account_id);
  if (!provider) return costs;
  for (const auto& [item, price] : cards.InForce(provider->id, base::UtcDay())) {
    if (!item.starts_with("license:")) continue;
    int code = 0;
    const std::string_view digits = std::string_view(item).substr(8);
    if (std::from_chars(digits.data(), digits.data() + digits.size(), code).ec == std::errc())
      costs[code] = price;
  }
  return costs;
}

namespace {

// The caller's licence heading: held, its limit, unused, their cost a month.
struct Heading {
  long long licenses = 0;
  std::optional<long long> limit;
  std::int64_t cost = 0;
};

Heading HeadingOf(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const Totals totals = deps.Get<LicenseStore>().TotalsOf(caller.account_id, caller.account_path);
  Heading heading{totals.licenses, totals.limit, 0};
  for (const auto& [code, price] : MonthlyCosts(deps, caller.account_id)) {
    auto held = totals.by_type.find(code);
    if (held != totals.by_type.end()) heading.cost += held->second * price;
  }
  return heading;
}

}  // namespace

void AddTotals(const Deps& deps, const Request& request, core::Element root) {
  const Heading h = HeadingOf(deps, request);
  root.Set("licenses", h.licenses);
  if (h.limit) {
    root.Set("limit_licenses", *h.limit);
    root.Set("unused", std::max<long long>(*h.limit - h.licenses, 0));
  }
  root.Set("cost_month", money::FormatAmount(h.cost)).Set("currency", deps.config.currency);
}

void LicenseTile(const Deps& deps, const Request& request, core::Element home) {
  const core::Caller& caller = request.caller();
  if (caller.level < AccessLevel::kReseller ||
      !caller.permissions.Allows("licenses", core::Action::kRead))
    return;
  const Heading h = HeadingOf(deps, request);
  core::Element tile = home.Add("licenses");
  tile.Attr("licenses", h.licenses)
      .Attr("cost_month", money::FormatAmount(h.cost))
      .Attr("stale", deps.Get<LicenseStore>().StaleCount(tenancy::Reach::Of(caller),
                                                         deps.config.license_stale_days));
  if (h.limit)
    tile.Attr("limit", *h.limit).Attr("unused", std::max<long long>(*h.limit - h.licenses, 0));
}

}  // namespace resellermgr::license
