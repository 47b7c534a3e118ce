#include "account/usage_history.h"

#include "db/columns.h"

namespace resellermgr::account {
namespace {

constexpr char kMonths[] = R"sql(
    SELECT month AS at, quota_mib, traff_mib FROM usage_monthly
    WHERE account_id = ? AND month >= DATE_FORMAT(UTC_DATE() - INTERVAL 12 MONTH, '%Y-%m')
      AND month < (SELECT COALESCE(DATE_FORMAT(MIN(day), '%Y-%m'), '9999') FROM usage_daily
                   WHERE account_id = ?)
    ORDER BY month)sql";
constexpr char kDays[] = R"sql(
    SELECT DATE_FORMAT(day, '%Y-%m-%d') AS at, quota_mib, traff_mib FROM usage_daily
    WHERE account_id = ? AND day >= UTC_DATE() - INTERVAL 90 DAY ORDER BY day)sql";
// A point of either series: its day or month, disk and traffic.
constexpr auto kPointRow = db::Columns::Of(kDays);
static_assert(kPointRow == db::Columns::Of(kMonths));
constexpr char kFold[] = R"sql(
    INSERT INTO usage_monthly (account_id, month, quota_mib, traff_mib)
    SELECT account_id, DATE_FORMAT(day, '%Y-%m'), MAX(quota_mib), MAX(traff_mib) FROM usage_daily
    WHERE day < UTC_DATE() - INTERVAL 90 DAY GROUP BY account_id, DATE_FORMAT(day, '%Y-%m')
    ON DUPLICATE KEY UPDATE quota_mib = GREATEST(quota_mib, VALUES(quota_mib)),
                            traff_mib = GREATEST(traff_mib, VALUES(traff_mib)))sql";
constexpr char kDrop[] = "DELETE FROM usage_daily WHERE day < UTC_DATE() - INTERVAL 90 DAY";

void Read(std::unique_ptr<sql::ResultSet> rows, std::vector<UsagePoint>& points) {
  while (rows->next())
    points.push_back({rows->getString(kPointRow["at"]), rows->getUInt64(kPointRow["quota_mib"]),
                      rows->getUInt64(kPointRow["traff_mib"])});
}

}  // namespace

std::vector<UsagePoint> UsageHistory(db::Connection& connection, long long account_id) {
  std::vector<UsagePoint> points;
  Read(db::Select(db::Query(connection, kMonths, account_id, account_id)), points);
  Read(db::Select(db::Query(connection, kDays, account_id)), points);
  return points;
}

long long RollUpUsage(db::Connection& connection) {
  db::Query(connection, kFold).executeUpdate();
  return db::Query(connection, kDrop).executeUpdate();
}

}  // namespace resellermgr::account
