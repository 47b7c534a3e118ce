// The account family's parts of the home page (home/): what the caller's accounts come to, and
// its own limits against what it has given out and what it uses.

#include "account/account_functions.h"
#include "account/account_rows.h"
#include "account/account_store.h"
#include "account/usage_forecast.h"
#include "base/config.h"
#include "core/deps.h"

namespace resellermgr::account {

// By level: total, suspended, over a limit.
void AccountsTile(const Deps& deps, const core::Request& request, core::Element home) {
  for (const LevelCounts& c : deps.Get<AccountStore>().CountByLevel(ScopeOf(request))) {
    home.Add("accounts")
        .Attr("level", c.level)
        .Attr("total", c.total)
        .Attr("suspended", c.suspended)
        .Attr("overlimit", c.over_limit);
  }
}

// A reseller's own client account (no row of its user list: the home page gives it a place),
// and the caller's own limits.
void OwnLimitsTile(const Deps& deps, const core::Request& request, core::Element home) {
  const core::Caller& caller = request.caller();
  if (caller.admin()) return;
  AccountStore& accounts = deps.Get<AccountStore>();
  std::optional<Account> self = accounts.Get(caller.account_id);
  if (!self) return;
  if (self->level == kResellerLevel) {
    if (std::optional<std::string> own = accounts.OwnClientOf(self->id))
      home.Add("own_client").Attr("name", *own);
  }
  const auto allocated = accounts.Allocated(self->id);
  const auto used = [&](const std::string& limit) -> long long {
    if (limit == "limit_quota") return static_cast<long long>(self->quota_used);
    if (limit == "limit_traff") return static_cast<long long>(self->traff_used);
    if (limit == "limit_users") return self->users_count;
    return -1;  // the host reports no usage for it
  };
  // A user (issue 20) has no accounts to give limits to, and one without a limit of its own is
  // bounded by its owner's: the row says so (owner_limit) instead of "no limit".
  const bool user = caller.user();
  for (const LimitDescriptor& d : accounts.Descriptors()) {
    if (d.kind == LimitKind::kFlag || (user && d.name == "limit_users")) continue;
    const std::string own = LimitText(self->limits, d.name.c_str());
    core::Element row = home.Add("limit").Attr("name", d.name).Attr("limit", own);
    if (own.empty()) {
      const std::string bound = LimitText(self->owner_limits, d.name.c_str());
      if (!bound.empty()) row.Attr("owner_limit", bound);
    }
    if (!user) {
      auto given = allocated.find(d.name);
      row.Attr("allocated", given == allocated.end() ? 0 : static_cast<long long>(given->second));
    }
    if (const long long u = used(d.name); u >= 0) row.Attr("used", u);
  }
}

// Predictive quota alerts (issue 25 item 5): when the caller's own disk and traffic reach their
// limits at the recent rate, and the accounts below it that will within the horizon.
void ForecastTile(const Deps& deps, const core::Request& request, core::Element home) {
  const core::Caller& caller = request.caller();
  UsageForecasts& forecasts = deps.Get<UsageForecasts>();
  if (!caller.admin()) {
    for (const Forecast& f : forecasts.Of({caller.account_id})) {
      if (f.days_left)
        home.Add("forecast")
            .Attr("own", "yes")
            .Attr("resource", f.resource)
            .Attr("days", *f.days_left);
    }
  }
  if (caller.user()) return;
  for (const Forecast& f :
       forecasts.Soon(tenancy::Reach::Of(caller), deps.config.usage_alert_days, 20)) {
    home.Add("forecast")
        .Attr("account", f.account)
        .Attr("resource", f.resource)
        .Attr("days", *f.days_left)
        .Attr("used", f.used)
        .Attr("limit", f.limit);
  }
}

}  // namespace resellermgr::account
