#include <cppconn/exception.h>

#include "billing/billing_store.h"
#include "core/caller.h"
#include "db/columns.h"
#include "tenancy/tenancy.h"

namespace resellermgr::billing {
namespace {

constexpr int kDuplicateKey = 1062;

constexpr char kDuePayers[] = R"sql(
    SELECT a.id, a.name, a.tree_path, h.card_id, a.parent_id,
           p.level >= )sql" RM_LEVEL_ADMIN R"sql( AS parent_is_admin
    FROM ratecard_holder h JOIN account a ON a.id = h.account_id
    JOIN account p ON p.id = a.parent_id
    WHERE a.level = )sql" RM_LEVEL_RESELLER R"sql( AND a.deleted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM billing_day d WHERE d.day = ? AND d.account_id = a.id)
    ORDER BY a.id)sql";
constexpr auto kPayerRow = db::Columns::Of(kDuePayers);

// Resellers below the payer (itself counted apart), users below it by template, and active
// client services below it, each one index range over the subtree.
constexpr char kResellersBelow[] =
    "SELECT COUNT(*) AS n FROM account a WHERE " RM_BELOW("a") " AND a.level = " RM_LEVEL_RESELLER
                                                               " AND a.deleted_at IS NULL";
constexpr auto kCountRow = db::Columns::Of(kResellersBelow);
constexpr char kUsersBelow[] = "SELECT a.preset, COUNT(*) AS n FROM account a WHERE " RM_BELOW(
    "a") " AND a.level = " RM_LEVEL_USER
         " AND a.deleted_at IS NULL AND a.own_client = 0 GROUP BY a.preset";
constexpr auto kUsersRow = db::Columns::Of(kUsersBelow);
constexpr char kServicesBelow[] =
    "SELECT s.name, COUNT(*) AS n FROM account a"
    " JOIN client_service cs ON cs.account_id = a.id AND cs.status = 'active'"
    " JOIN service s ON s.id = cs.service_id"
    " WHERE " RM_BELOW("a") " AND a.deleted_at IS NULL GROUP BY s.name";
constexpr auto kServicesRow = db::Columns::Of(kServicesBelow);
constexpr char kClaim[] =
    "INSERT INTO billing_day (day, account_id, status, amount) VALUES (?, ?, ?, ?)";
constexpr char kRecord[] = R"sql(
    INSERT INTO billing_charge (day, account_id, item, quantity, monthly_price, amount,
                                transfer_id)
    VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0)))sql";

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

std::map<std::string, long long> MySqlBillingStore::Holdings(const Payer& payer) {
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
  return held;
}

bool MySqlBillingStore::Claim(const std::string& day, long long account_id, bool paid,
                              std::int64_t amount) {
  try {
    db::Query(connection_, kClaim, day, account_id, std::string(paid ? "charged" : "unpaid"),
              static_cast<long long>(amount))
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

}  // namespace resellermgr::billing
