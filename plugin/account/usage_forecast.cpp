#include "account/usage_forecast.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cmath>

#include "core/caller.h"
#include "db/columns.h"
#include "db/connection.h"

namespace resellermgr::account {
namespace {

// The account's last two weeks (read only when it has a limit to reach).
constexpr char kHistory[] = R"sql(
    SELECT DATEDIFF(u.day, UTC_DATE()) AS day, u.quota_mib, u.traff_mib,
           DATE_FORMAT(u.day, '%Y-%m') = DATE_FORMAT(UTC_DATE(), '%Y-%m') AS this_month
    FROM usage_daily u
    WHERE u.account_id = ? AND u.day > UTC_DATE() - INTERVAL 14 DAY ORDER BY u.day)sql";
constexpr auto kHistoryColumns = db::Columns::Of(kHistory);
// The account, its limits, the days left in this month and its kept estimates' alerted flags
// (-1: none kept), in one statement: the intake runs it for every report. The account's row is
// locked by the report's transaction, so no other report of it reads the flags meanwhile.
constexpr char kAccount[] = R"sql(
    SELECT a.name, COALESCE(a.parent_id, 0) AS parent_id, a.quota_used, a.traff_used,
           (SELECT l.value FROM account_limit l WHERE l.account_id = a.id
              AND l.name = 'limit_quota') AS limit_quota,
           (SELECT l.value FROM account_limit l WHERE l.account_id = a.id
              AND l.name = 'limit_traff') AS limit_traff,
           DATEDIFF(LAST_DAY(UTC_DATE()), UTC_DATE()) AS month_left,
           COALESCE((SELECT f.alerted FROM usage_forecast f WHERE f.account_id = a.id
                       AND f.resource = 'disk'), -1) AS disk_alerted,
           COALESCE((SELECT f.alerted FROM usage_forecast f WHERE f.account_id = a.id
                       AND f.resource = 'traffic'), -1) AS traffic_alerted
    FROM account a WHERE a.id = ? AND a.deleted_at IS NULL AND a.level < )sql" RM_LEVEL_ADMIN;
constexpr auto kAccountColumns = db::Columns::Of(kAccount);
constexpr char kKeep[] = R"sql(
    INSERT INTO usage_forecast (account_id, resource, days_left, rate_mib_per_day, used_mib,
                                limit_mib, alerted, updated_at)
    VALUES (?, ?, IF(? < 0, NULL, ?), ?, ?, ?, ?, UTC_TIMESTAMP(6))
    ON DUPLICATE KEY UPDATE days_left = VALUES(days_left),
      rate_mib_per_day = VALUES(rate_mib_per_day), used_mib = VALUES(used_mib),
      limit_mib = VALUES(limit_mib), alerted = VALUES(alerted), updated_at = VALUES(updated_at))sql";
constexpr char kDrop[] = "DELETE FROM usage_forecast WHERE account_id = ? AND resource = ?";

#define RM_FORECAST                                                                             \
  "SELECT f.account_id, a.name AS account, f.resource, COALESCE(f.days_left, -1) AS days_left," \
  " f.rate_mib_per_day, f.used_mib, f.limit_mib FROM usage_forecast f"                          \
  " JOIN account a ON a.id = f.account_id"
constexpr char kSoon[] = RM_FORECAST
    " WHERE f.days_left IS NOT NULL AND f.days_left <= ? AND a.deleted_at IS NULL"
    " AND " RM_BELOW_OR_ADMIN("a") " ORDER BY f.days_left, a.name LIMIT ?";
constexpr auto kForecastColumns = db::Columns::Of(kSoon);

Forecast Read(sql::ResultSet& rows) {
  constexpr const db::Columns& k = kForecastColumns;
  Forecast f;
  f.account_id = rows.getInt64(k["account_id"]);
  f.account = rows.getString(k["account"]);
  f.resource = rows.getString(k["resource"]);
  if (const int days = rows.getInt(k["days_left"]); days >= 0) f.days_left = days;
  f.rate = rows.getInt64(k["rate_mib_per_day"]);
  f.used = rows.getInt64(k["used_mib"]);
  f.limit = rows.getInt64(k["limit_mib"]);
  return f;
}

}  // namespace

std::optional<double> DailyRate(const std::vector<DayUsage>& points) {
  if (points.size() < 3) return std::nullopt;
  double sx = 0, sy = 0;
  for (const DayUsage& p : points) {
    sx += p.day;
    sy += p.mib;
  }
  const double n = static_cast<double>(points.size()), mx = sx / n, my = sy / n;
  double sxx = 0, sxy = 0;
  for (const DayUsage& p : points) {
    sxx += (p.day - mx) * (p.day - mx);
    sxy += (p.day - mx) * (p.mib - my);
  }
  if (sxx == 0) return std::nullopt;
  return sxy / sxx;
}

std::optional<int> DaysToLimit(double used, double limit, std::optional<double> rate) {
  if (used >= limit) return 0;
  if (!rate || *rate <= 0) return std::nullopt;
  const double days = std::floor((limit - used) / *rate);
  if (days > 100000) return std::nullopt;  // no foreseeable end
  return static_cast<int>(days);
}

std::vector<Forecast> MySqlUsageForecasts::Update(const std::vector<long long>& account_ids,
                                                  int horizon_days) {
  std::vector<Forecast> forecasts;
  for (long long id : account_ids) {
    auto account = db::Select(db::Query(connection_, kAccount, id));
    if (!account->next()) continue;  // the host's admin, or gone
    constexpr const db::Columns& a = kAccountColumns;
    const auto limit_of = [&](int column) {
      return account->isNull(column) ? 0 : account->getInt64(column);
    };
    const long long disk_limit = limit_of(a["limit_quota"]);
    const long long traffic_limit = limit_of(a["limit_traff"]);
    std::vector<DayUsage> disk, traffic;
    if (disk_limit > 0 || traffic_limit > 0) {
      auto rows = db::Select(db::Query(connection_, kHistory, id));
      while (rows->next()) {
        const int day = rows->getInt(kHistoryColumns["day"]);
        disk.push_back({day, static_cast<double>(rows->getInt64(kHistoryColumns["quota_mib"]))});
        if (rows->getBoolean(kHistoryColumns["this_month"]))
          traffic.push_back(
              {day, static_cast<double>(rows->getInt64(kHistoryColumns["traff_mib"]))});
      }
    }
    const int month_left = account->getInt(a["month_left"]);
    for (const char* resource : {"disk", "traffic"}) {
      const bool is_disk = resource == std::string_view("disk");
      const long long limit = is_disk ? disk_limit : traffic_limit;
      const int alerted = account->getInt(is_disk ? a["disk_alerted"] : a["traffic_alerted"]);
      if (limit <= 0) {
        // No limit to reach: an estimate kept from before goes.
        if (alerted >= 0) db::Query(connection_, kDrop, id, resource).executeUpdate();
        continue;
      }
      Forecast f;
      f.account_id = id;
      f.account = account->getString(a["name"]);
      f.parent_id = account->getInt64(a["parent_id"]);
      f.resource = resource;
      f.limit = limit;
      f.used = account->getInt64(is_disk ? a["quota_used"] : a["traff_used"]);
      const std::optional<double> rate = DailyRate(is_disk ? disk : traffic);
      f.rate = rate ? std::llround(*rate) : 0;
      f.days_left = DaysToLimit(static_cast<double>(f.used), static_cast<double>(f.limit), rate);
      // Traffic starts again next month: a limit it would reach after that is not near.
      if (!is_disk && f.days_left && *f.days_left > month_left) f.days_left.reset();
      const bool near = f.days_left && *f.days_left <= horizon_days;
      f.newly_near = near && alerted != 1;
      const int days = f.days_left.value_or(-1);
      db::Query(connection_, kKeep, id, resource, days, days, f.rate, f.used, f.limit, near)
          .executeUpdate();
      forecasts.push_back(std::move(f));
    }
  }
  return forecasts;
}

std::vector<Forecast> MySqlUsageForecasts::Soon(const tenancy::Reach& reach, int horizon_days,
                                                int limit) {
  std::vector<Forecast> forecasts;
  auto rows =
      db::Select(db::Query(connection_, kSoon, horizon_days, reach.admin, reach.below, limit));
  while (rows->next()) forecasts.push_back(Read(*rows));
  return forecasts;
}

std::vector<Forecast> MySqlUsageForecasts::Of(const std::vector<long long>& account_ids) {
  std::vector<Forecast> forecasts;
  if (account_ids.empty()) return forecasts;
  auto statement = connection_.PrepareUncached(RM_FORECAST " WHERE f.account_id IN (" +
                                               db::Placeholders(account_ids.size()) + ")");
  for (std::size_t i = 0; i < account_ids.size(); ++i)
    statement->setInt64(static_cast<int>(i) + 1, account_ids[i]);
  auto rows = db::Select(*statement);
  while (rows->next()) forecasts.push_back(Read(*rows));
  return forecasts;
}

}  // namespace resellermgr::account
