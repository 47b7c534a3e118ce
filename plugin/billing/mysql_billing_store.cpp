#include <cppconn/exception.h>

#include "billing/billing_store.h"
#include "core/caller.h"
#include "db/columns.h"
#include "tenancy/tenancy.h"

namespace resellermgr::billing {
namespace {

constexpr int kDuplicateKey = 1062;

constexpr char kDuePayers[] = R"sql(
    SELECT a.id, a.name, a.tree_path, COALESCE(h.card_id, 0) AS card_id, a.parent_id,
           p.level >= )sql" RM_LEVEL_ADMIN R"sql( AS parent_is_admin
    FROM account a LEFT JOIN ratecard_holder h ON h.account_id = a.id
    JOIN account p ON p.id = a.parent_id
    WHERE a.level = )sql" RM_LEVEL_RESELLER R"sql( AND a.deleted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM billing_day d WHERE d.day = ? AND d.account_id = a.id)
      AND NOT EXISTS (SELECT 1 FROM suspension us WHERE us.account_id = a.id
                       AND us.reason = 'billing:unpaid')
    ORDER BY a.id)sql";
constexpr auto kPayerRow = db::Columns::Of(kDuePayers);

// Accounts suspended for non-payment are not charged for (their own suspension or a cascade).
#define RM_NOT_UNPAID                                                            \
  " AND NOT EXISTS (SELECT 1 FROM suspension us WHERE us.account_id = a.id AND " \
  "us.reason = 'billing:unpaid')"

// Resellers below the payer (itself counted apart), users below it by template, and active
// client services below it, each one index range over the subtree.
constexpr char kResellersBelow[] = "SELECT COUNT(*) AS n FROM account a WHERE " RM_BELOW(
    "a") " AND a.level = " RM_LEVEL_RESELLER " AND a.deleted_at IS NULL" RM_NOT_UNPAID;
constexpr auto kCountRow = db::Columns::Of(kResellersBelow);
constexpr char kUsersBelow[] = "SELECT a.preset, COUNT(*) AS n FROM account a WHERE " RM_BELOW(
    "a") " AND a.level = " RM_LEVEL_USER
         " AND a.deleted_at IS NULL AND a.own_client = 0" RM_NOT_UNPAID " GROUP BY a.preset";
constexpr auto kUsersRow = db::Columns::Of(kUsersBelow);
constexpr char kServicesBelow[] =
    "SELECT s.name, COUNT(*) AS n FROM account a"
    " JOIN client_service cs ON cs.account_id = a.id AND cs.status = 'active'"
    " JOIN service s ON s.id = cs.service_id"
    " WHERE " RM_BELOW("a") " AND a.deleted_at IS NULL" RM_NOT_UNPAID " GROUP BY s.name";
constexpr auto kServicesRow = db::Columns::Of(kServicesBelow);
// The subtree's disk and the month's traffic (MiB) as of the last usage report on or before the
// day (usage.report keeps a reseller's totals, its own use and everything below, in the history).
constexpr char kUsageOn[] = R"sql(
    SELECT quota_mib, traff_mib, DATE_FORMAT(day, '%Y-%m') AS month FROM usage_daily
    WHERE account_id = ? AND day <= ? ORDER BY day DESC LIMIT 1)sql";
constexpr auto kUsageRow = db::Columns::Of(kUsageOn);
// The month's traffic already charged (paid or not) before the day.
constexpr char kTrafficCharged[] = R"sql(
    SELECT COALESCE(SUM(quantity), 0) AS n FROM billing_charge
    WHERE account_id = ? AND item = 'traffic_gib' AND day >= ? AND day < ?)sql";
static_assert(kCountRow == db::Columns::Of(kTrafficCharged));
constexpr char kClaim[] =
    "INSERT INTO billing_day (day, account_id, status, amount, billable) VALUES (?, ?, ?, ?, ?)";
constexpr char kRecord[] = R"sql(
    INSERT INTO billing_charge (day, account_id, item, quantity, monthly_price, amount,
                                transfer_id)
    VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0)))sql";

constexpr char kPayerOf[] = R"sql(
    SELECT a.id, a.name, a.tree_path, 0 AS card_id, a.parent_id,
           p.level >= )sql" RM_LEVEL_ADMIN R"sql( AS parent_is_admin
    FROM account a JOIN account p ON p.id = a.parent_id WHERE a.id = ?)sql";
static_assert(kPayerRow == db::Columns::Of(kPayerOf));
constexpr char kUnpaidCharges[] = R"sql(
    SELECT DATE_FORMAT(c.day, '%Y-%m-%d') AS day, c.item, c.quantity, c.monthly_price, c.amount
    FROM billing_day d JOIN billing_charge c ON c.day = d.day AND c.account_id = d.account_id
    WHERE d.account_id = ? AND d.status = 'unpaid' ORDER BY c.day, c.item)sql";
constexpr auto kUnpaidRow = db::Columns::Of(kUnpaidCharges);
// Whether anything is owed at all, off the account's index alone, and whether the account is
// held by a suspension for it: nearly every arrival of money finds neither, and this one read
// costs the server less than the join above alone (issue 26).
constexpr char kArrears[] = R"sql(
    SELECT EXISTS (SELECT 1 FROM billing_day WHERE account_id = ? AND status = 'unpaid') AS owed,
           EXISTS (SELECT 1 FROM suspension
                   WHERE account_id = ? AND reason = ? AND cause_id IS NULL) AS held)sql";
constexpr auto kArrearsRow = db::Columns::Of(kArrears);
constexpr char kMarkDay[] =
    "UPDATE billing_day SET status = 'charged' WHERE day = ? AND account_id = ?";
constexpr char kMarkCharge[] = R"sql(
    UPDATE billing_charge SET transfer_id = ? WHERE day = ? AND account_id = ? AND item = ?)sql";
constexpr char kOverdue[] = R"sql(
    SELECT a.id, a.parent_id, a.name FROM account a
    JOIN billing_day d ON d.account_id = a.id AND d.status = 'unpaid'
    LEFT JOIN billing_setting g ON g.account_id = a.id
    WHERE a.deleted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM suspension us WHERE us.account_id = a.id
                       AND us.reason = 'billing:unpaid' AND us.cause_id IS NULL)
    GROUP BY a.id, a.parent_id, a.name, g.grace_days
    HAVING COUNT(*) > COALESCE(g.grace_days, ?))sql";
constexpr auto kOverdueRow = db::Columns::Of(kOverdue);
constexpr char kCost[] = R"sql(
    SELECT COALESCE(SUM(IF(day = ?, amount, 0)), 0) AS today, COALESCE(SUM(amount), 0) AS month
    FROM billing_day WHERE account_id = ? AND status = 'charged' AND day >= ? AND day <= ?)sql";
constexpr auto kFlowRow = db::Columns::Of(kCost);
constexpr char kIncome[] = R"sql(
    SELECT COALESCE(SUM(IF(d.day = ?, d.amount, 0)), 0) AS today, COALESCE(SUM(d.amount), 0) AS month
    FROM billing_day d JOIN account a ON a.id = d.account_id
    WHERE a.parent_id = ? AND d.status = 'charged' AND d.day >= ? AND d.day <= ?)sql";
static_assert(kFlowRow == db::Columns::Of(kIncome));
// A reseller's own users at a card: their accounts by template, and their active services.
#define RM_OWN_USERS                                    \
  " WHERE a.parent_id = ? AND a.level = " RM_LEVEL_USER \
  " AND a.deleted_at IS NULL"                           \
  " AND a.own_client = 0" RM_NOT_UNPAID
constexpr char kUsersByCard[] =
    "SELECT h.card_id, IF(a.preset = '', 'account', CONCAT('plan:', a.preset)) COLLATE utf8mb4_bin "
    "AS item,"
    " COUNT(*) AS n FROM account a JOIN ratecard_holder h ON h.account_id = a.id" RM_OWN_USERS
    " GROUP BY h.card_id, item"
    " UNION ALL SELECT h.card_id, CONCAT('service:', s.name) COLLATE utf8mb4_bin AS item, COUNT(*) "
    "AS n"
    " FROM account a JOIN ratecard_holder h ON h.account_id = a.id"
    " JOIN client_service cs ON cs.account_id = a.id AND cs.status = 'active'"
    " JOIN service s ON s.id = cs.service_id" RM_OWN_USERS " GROUP BY h.card_id, s.name";
constexpr auto kUsersByCardRow = db::Columns::Of(kUsersByCard);
constexpr char kClients[] = R"sql(
    SELECT a.id, a.name, a.preset, DATE_FORMAT(a.created_at, '%Y-%m-%d') AS created,
           COALESCE(h.card_id, 0) AS card_id, a.level = )sql" RM_LEVEL_RESELLER R"sql( AS reseller
    FROM account a LEFT JOIN ratecard_holder h ON h.account_id = a.id
    WHERE a.parent_id = ? AND a.deleted_at IS NULL AND a.own_client = 0
      AND a.created_at < ? + INTERVAL 1 DAY ORDER BY a.name)sql";
constexpr auto kClientRow = db::Columns::Of(kClients);
constexpr char kClientServices[] = R"sql(
    SELECT s.name, DATE_FORMAT(cs.status_changed_at, '%Y-%m-%d') AS since
    FROM client_service cs JOIN service s ON s.id = cs.service_id
    WHERE cs.account_id = ? AND cs.status = 'active' ORDER BY s.name)sql";
constexpr auto kClientServiceRow = db::Columns::Of(kClientServices);
// A client's highest disk and traffic (MiB) in the month, from the usage history (sql/028).
constexpr char kClientUsage[] = R"sql(
    SELECT COALESCE(MAX(quota_mib), 0) AS quota_mib, COALESCE(MAX(traff_mib), 0) AS traff_mib
    FROM (SELECT quota_mib, traff_mib FROM usage_daily
          WHERE account_id = ? AND day >= ? AND day <= ?
          UNION ALL
          SELECT quota_mib, traff_mib FROM usage_monthly WHERE account_id = ? AND month = ?) u)sql";
constexpr auto kClientUsageRow = db::Columns::Of(kClientUsage);
constexpr char kGrace[] = "SELECT grace_days FROM billing_setting WHERE account_id = ?";
constexpr auto kGraceRow = db::Columns::Of(kGrace);
constexpr char kSetGrace[] = R"sql(
    INSERT INTO billing_setting (account_id, grace_days) VALUES (?, ?)
    ON DUPLICATE KEY UPDATE grace_days = VALUES(grace_days))sql";

// Whole GiB, a part counted as one.
long long GiB(long long mib) { return (mib + 1023) / 1024; }

}  // namespace

std::vector<Payer> MySqlBillingStore::DuePayers(const std::string& day) {
  std::vector<Payer> payers;
  auto rows = db::Select(db::Query(connection_, kDuePayers, day));
  constexpr const db::Columns& k = kPayerRow;
  while (rows->next()) {
    payers.push_back({rows->getInt64(k["id"]), rows->getString(k["name"]),
                      rows->getString(k["tree_path"]), rows->getInt64(k["card_id"]),
                      rows->getInt64(k["parent_id"]), rows->getBoolean(k["parent_is_admin"])});
  }
  return payers;
}

std::map<std::string, long long> MySqlBillingStore::Holdings(const Payer& payer,
                                                             const std::string& day) {
  std::map<std::string, long long> held;
  const std::string below = tenancy::SubtreePattern(payer.tree_path);
  {
    auto rows = db::Select(db::Query(connection_, kResellersBelow, below));
    rows->next();
    held["reseller"] = 1 + rows->getInt64(kCountRow["n"]);
  }
  {
    auto rows = db::Select(db::Query(connection_, kUsersBelow, below));
    while (rows->next()) {
      const std::string preset = rows->getString(kUsersRow["preset"]);
      held[preset.empty() ? "account" : "plan:" + preset] += rows->getInt64(kUsersRow["n"]);
    }
  }
  {
    auto rows = db::Select(db::Query(connection_, kServicesBelow, below));
    while (rows->next())
      held["service:" + rows->getString(kServicesRow["name"])] = rows->getInt64(kServicesRow["n"]);
  }
  auto usage = db::Select(db::Query(connection_, kUsageOn, payer.account_id, day));
  if (usage->next()) {
    held["disk_gib"] = GiB(usage->getInt64(kUsageRow["quota_mib"]));
    if (usage->getString(kUsageRow["month"]) == day.substr(0, 7)) {
      auto charged = db::Select(
          db::Query(connection_, kTrafficCharged, payer.account_id, day.substr(0, 8) + "01", day));
      charged->next();
      held["traffic_gib"] =
          GiB(usage->getInt64(kUsageRow["traff_mib"])) - charged->getInt64(kCountRow["n"]);
    }
  }
  return held;
}

bool MySqlBillingStore::Claim(const std::string& day, long long account_id, bool paid,
                              std::int64_t amount, std::int64_t billable) {
  try {
    db::Query(connection_, kClaim, day, account_id, std::string(paid ? "charged" : "unpaid"),
              static_cast<long long>(amount), static_cast<long long>(billable))
        .executeUpdate();
    return true;
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == kDuplicateKey) return false;
    throw;
  }
}

void MySqlBillingStore::Record(const std::string& day, long long account_id, const Charge& charge) {
  db::Query(connection_, kRecord, day, account_id, charge.item, charge.quantity,
            static_cast<long long>(charge.monthly_price), static_cast<long long>(charge.amount),
            charge.transfer_id)
      .executeUpdate();
}

std::optional<Payer> MySqlBillingStore::PayerOf(long long account_id) {
  auto rows = db::Select(db::Query(connection_, kPayerOf, account_id));
  if (!rows->next()) return std::nullopt;
  constexpr const db::Columns& k = kPayerRow;
  return Payer{rows->getInt64(k["id"]),         rows->getString(k["name"]),
               rows->getString(k["tree_path"]), 0,
               rows->getInt64(k["parent_id"]),  rows->getBoolean(k["parent_is_admin"])};
}

std::vector<UnpaidDay> MySqlBillingStore::UnpaidDays(long long account_id) {
  std::vector<UnpaidDay> days;
  auto rows = db::Select(db::Query(connection_, kUnpaidCharges, account_id));
  constexpr const db::Columns& k = kUnpaidRow;
  while (rows->next()) {
    const std::string day = rows->getString(k["day"]);
    if (days.empty() || days.back().day != day) days.push_back({day, {}, 0});
    Charge charge{rows->getString(k["item"]), rows->getInt64(k["quantity"]),
                  rows->getInt64(k["monthly_price"]), rows->getInt64(k["amount"]), 0};
    days.back().amount += charge.amount;
    days.back().charges.push_back(std::move(charge));
  }
  return days;
}

MySqlBillingStore::Arrears MySqlBillingStore::ArrearsOf(long long account_id) {
  auto row = db::Select(
      db::Query(connection_, kArrears, account_id, account_id, std::string(kUnpaidReason)));
  row->next();
  return {row->getBoolean(kArrearsRow["owed"]), row->getBoolean(kArrearsRow["held"])};
}

void MySqlBillingStore::MarkPaid(const UnpaidDay& day, long long account_id) {
  db::Query(connection_, kMarkDay, day.day, account_id).executeUpdate();
  for (const Charge& c : day.charges)
    db::Query(connection_, kMarkCharge, c.transfer_id, day.day, account_id, c.item).executeUpdate();
}

std::vector<Overdue> MySqlBillingStore::OverdueResellers() {
  std::vector<Overdue> overdue;
  auto rows = db::Select(db::Query(connection_, kOverdue, kDefaultGraceDays));
  while (rows->next()) {
    overdue.push_back({rows->getInt64(kOverdueRow["id"]), rows->getInt64(kOverdueRow["parent_id"]),
                       rows->getString(kOverdueRow["name"])});
  }
  return overdue;
}

int MySqlBillingStore::GraceDays(long long account_id) {
  auto rows = db::Select(db::Query(connection_, kGrace, account_id));
  return rows->next() ? rows->getInt(kGraceRow["grace_days"]) : kDefaultGraceDays;
}

void MySqlBillingStore::SetGraceDays(long long account_id, int days) {
  db::Query(connection_, kSetGrace, account_id, days).executeUpdate();
}

Flows MySqlBillingStore::FlowsOf(long long account_id, const std::string& today,
                                 const std::string& month_start) {
  Flows flows;
  {
    auto rows = db::Select(db::Query(connection_, kCost, today, account_id, month_start, today));
    rows->next();
    flows.cost_today = rows->getInt64(kFlowRow["today"]);
    flows.cost_month = rows->getInt64(kFlowRow["month"]);
  }
  {
    auto rows = db::Select(db::Query(connection_, kIncome, today, account_id, month_start, today));
    rows->next();
    flows.income_today = rows->getInt64(kFlowRow["today"]);
    flows.income_month = rows->getInt64(kFlowRow["month"]);
  }
  return flows;
}

std::vector<ClientGroup> MySqlBillingStore::OwnClients(long long account_id) {
  std::vector<ClientGroup> groups;
  auto rows = db::Select(db::Query(connection_, kUsersByCard, account_id, account_id));
  constexpr const db::Columns& k = kUsersByCardRow;
  while (rows->next())
    groups.push_back(
        {rows->getInt64(k["card_id"]), rows->getString(k["item"]), rows->getInt64(k["n"])});
  return groups;
}

std::vector<FeedClient> MySqlBillingStore::Clients(long long account_id,
                                                   const std::string& month_end) {
  std::vector<FeedClient> clients;
  {
    auto rows = db::Select(db::Query(connection_, kClients, account_id, month_end));
    constexpr const db::Columns& k = kClientRow;
    while (rows->next()) {
      FeedClient c;
      c.account_id = rows->getInt64(k["id"]);
      c.name = rows->getString(k["name"]);
      c.preset = rows->getString(k["preset"]);
      c.created = rows->getString(k["created"]);
      c.card_id = rows->getInt64(k["card_id"]);
      c.reseller = rows->getBoolean(k["reseller"]);
      clients.push_back(std::move(c));
    }
  }
  const std::string month_start = month_end.substr(0, 8) + "01";
  for (FeedClient& c : clients) {
    auto rows = db::Select(db::Query(connection_, kClientServices, c.account_id));
    while (rows->next())
      c.services.emplace_back(rows->getString(kClientServiceRow["name"]),
                              rows->getString(kClientServiceRow["since"]));
    auto usage = db::Select(db::Query(connection_, kClientUsage, c.account_id, month_start,
                                      month_end, c.account_id, month_end.substr(0, 7)));
    usage->next();
    c.disk_gib = GiB(usage->getInt64(kClientUsageRow["quota_mib"]));
    c.traffic_gib = GiB(usage->getInt64(kClientUsageRow["traff_mib"]));
  }
  return clients;
}

}  // namespace resellermgr::billing
