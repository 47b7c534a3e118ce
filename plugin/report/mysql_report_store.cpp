#include "core/caller.h"
#include "db/columns.h"
#include "report/report_store.h"
#include "tenancy/tenancy.h"

namespace resellermgr::report {
namespace {

// A reseller's figures now: its direct clients, their services in use, the usage its account
// adds up (its own and its accounts'), its wallet's charges in [start, end), and its billing.
#define RM_FIGURES                                                                               \
  "a.users_count AS clients, "                                                                   \
  "(SELECT COUNT(*) FROM client_service cs JOIN account c ON c.id = cs.account_id "              \
  " WHERE c.parent_id = a.id AND c.deleted_at IS NULL AND cs.status IN ('active', 'trial')) "    \
  "AS services_active, "                                                                         \
  "a.quota_used AS disk_mib, a.traff_used AS traffic_mib, "                                      \
  "COALESCE((SELECT SUM(t.amount) FROM ledger_transfer t JOIN wallet w ON w.id = t.from_wallet " \
  " WHERE w.account_id = a.id AND t.kind = 'charge' AND t.at >= ? AND t.at < ?), 0) AS "         \
  "charges, " RM_BILLING_FIGURES

// Its daily charges (sql/037, sql/040) in [start, end): what it paid, what its sub-resellers
// paid it, and what its own users came to at its cards.
#define RM_BILLING_FIGURES                                                                  \
  "COALESCE((SELECT SUM(d.amount) FROM billing_day d WHERE d.account_id = a.id"             \
  " AND d.status = 'charged' AND d.day >= ? AND d.day < ?), 0) AS cost, "                   \
  "COALESCE((SELECT SUM(d.amount) FROM account c JOIN billing_day d ON d.account_id = c.id" \
  " WHERE c.parent_id = a.id AND d.status = 'charged' AND d.day >= ? AND d.day < ?), 0)"    \
  " AS income, "                                                                            \
  "COALESCE((SELECT SUM(d.billable) FROM billing_day d WHERE d.account_id = a.id"           \
  " AND d.day >= ? AND d.day < ?), 0) AS billable"

constexpr char kSnapshot[] =
    "INSERT INTO monthly_report (account_id, month, clients, "
    "services_active, disk_mib, traffic_mib, charges, cost, income, billable)"
    " SELECT a.id, ?, " RM_FIGURES R"sql(
    FROM account a WHERE a.level = )sql" RM_LEVEL_RESELLER R"sql( AND a.deleted_at IS NULL
    ON DUPLICATE KEY UPDATE clients = VALUES(clients), services_active = VALUES(services_active),
      disk_mib = VALUES(disk_mib), traffic_mib = VALUES(traffic_mib), charges = VALUES(charges),
      cost = VALUES(cost), income = VALUES(income), billable = VALUES(billable),
      generated_at = UTC_TIMESTAMP(6))sql";
constexpr char kLive[] = "SELECT a.name, " RM_FIGURES " FROM account a WHERE a.id = ?";
constexpr auto kLiveRow = db::Columns::Of(kLive);
constexpr char kHistory[] = R"sql(
    SELECT a.name, r.month, r.clients, r.services_active, r.disk_mib, r.traffic_mib, r.charges,
           r.cost, r.income, r.billable
    FROM monthly_report r JOIN account a ON a.id = r.account_id
    WHERE r.account_id = ? AND r.month <> ? ORDER BY r.month DESC LIMIT ?)sql";
constexpr char kMonth[] = R"sql(
    SELECT a.name, r.month, r.clients, r.services_active, r.disk_mib, r.traffic_mib, r.charges,
           r.cost, r.income, r.billable
    FROM monthly_report r JOIN account a ON a.id = r.account_id
    WHERE r.month = ? AND )sql" RM_BELOW_OR_ADMIN("a") R"sql( ORDER BY a.name LIMIT 10000)sql";
constexpr auto kWrittenRow = db::Columns::Of(kHistory);
static_assert(kWrittenRow == db::Columns::Of(kMonth));
constexpr char kCountMonth[] = "SELECT COUNT(*) AS resellers FROM monthly_report WHERE month = ?";
constexpr auto kCountMonthRow = db::Columns::Of(kCountMonth);

Figures Written(sql::ResultSet& row) {
  constexpr const db::Columns& k = kWrittenRow;
  return {row.getString(k["name"]),
          row.getString(k["month"]),
          row.getInt64(k["clients"]),
          row.getInt64(k["services_active"]),
          row.getUInt64(k["disk_mib"]),
          row.getUInt64(k["traffic_mib"]),
          row.getInt64(k["charges"]),
          row.getInt64(k["cost"]),
          row.getInt64(k["income"]),
          row.getInt64(k["billable"]),
          false};
}

}  // namespace

long long MySqlReportStore::Snapshot(const std::string& month, const std::string& start,
                                     const std::string& end) {
  // An upsert counts 2 for a changed row: count the resellers instead.
  // Each of RM_FIGURES' four sums is over [start, end).
  db::Query(connection_, kSnapshot, month, start, end, start, end, start, end, start, end)
      .executeUpdate();
  auto rows = db::Select(db::Query(connection_, kCountMonth, month));
  rows->next();
  return rows->getInt64(kCountMonthRow["resellers"]);
}

std::vector<Figures> MySqlReportStore::History(long long account_id, const std::string& this_month,
                                               const std::string& start, const std::string& end,
                                               int months) {
  std::vector<Figures> history;
  {
    auto live = db::Select(
        db::Query(connection_, kLive, start, end, start, end, start, end, start, end, account_id));
    if (live->next()) {
      constexpr const db::Columns& k = kLiveRow;
      history.push_back({live->getString(k["name"]), this_month, live->getInt64(k["clients"]),
                         live->getInt64(k["services_active"]), live->getUInt64(k["disk_mib"]),
                         live->getUInt64(k["traffic_mib"]), live->getInt64(k["charges"]),
                         live->getInt64(k["cost"]), live->getInt64(k["income"]),
                         live->getInt64(k["billable"]), true});
    }
  }
  auto rows = db::Select(db::Query(connection_, kHistory, account_id, this_month, months - 1));
  while (rows->next()) history.push_back(Written(*rows));
  return history;
}

std::vector<Figures> MySqlReportStore::Month(const std::string& pattern, bool all,
                                             const std::string& month) {
  std::vector<Figures> figures;
  auto rows = db::Select(db::Query(connection_, kMonth, month, all, pattern));
  while (rows->next()) figures.push_back(Written(*rows));
  return figures;
}

}  // namespace resellermgr::report
