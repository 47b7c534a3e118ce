#pragma once
// Predictive quota alerts (issue 25 item 5): when an account reaches its disk or traffic limit
// at its recent rate, estimated from its usage history (sql/028) by least squares over the last
// two weeks (traffic: this month's days only, as it starts again each month), kept per account
// (sql/058) by the usage intake, and told once per crossing of the horizon
// (usage_alert_days): to the account and to the reseller above it, by mail and event.

#include <optional>
#include <string>
#include <vector>

#include "tenancy/tenancy.h"

namespace resellermgr::db {
class Connection;
}

namespace resellermgr::account {

inline constexpr int kForecastWindowDays = 14;

// One day's figure: days from today (0 today, -3 three days ago) and MiB used.
struct DayUsage {
  int day = 0;
  double mib = 0;
};

// The trend of `points`: MiB a day, by least squares; nullopt with fewer than three points or
// all on one day.
std::optional<double> DailyRate(const std::vector<DayUsage>& points);
// Whole days until `limit` is reached from `used` at `rate` a day: 0 when it is reached already,
// nullopt when the rate does not grow towards it.
std::optional<int> DaysToLimit(double used, double limit, std::optional<double> rate);

struct Forecast {
  long long account_id = 0;
  std::string account, resource;  // resource: disk, traffic
  std::optional<int> days_left;
  long long rate = 0, used = 0, limit = 0;  // MiB a day, MiB, MiB
  bool newly_near = false;  // it came within the horizon with this estimate (tell them)
  long long parent_id = 0;  // the reseller above it (0: none)
};

class MySqlUsageForecasts {
 public:
  explicit MySqlUsageForecasts(db::Connection& connection) : connection_(connection) {}
  // Estimates again the accounts named (the one reported and the resellers above it) and keeps
  // the estimates; returns them, those newly within `horizon_days` marked.
  std::vector<Forecast> Update(const std::vector<long long>& account_ids, int horizon_days);
  // The estimates within `horizon_days` of the accounts below the caller's reach (not its own),
  // soonest first.
  std::vector<Forecast> Soon(const tenancy::Reach& reach, int horizon_days, int limit);
  // The estimates of these accounts (any days).
  std::vector<Forecast> Of(const std::vector<long long>& account_ids);

 private:
  db::Connection& connection_;
};

using UsageForecasts = MySqlUsageForecasts;

}  // namespace resellermgr::account
