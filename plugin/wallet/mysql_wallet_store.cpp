#include <regex>

#include "base/errors.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "tenancy/tenancy.h"
#include "wallet/wallet_store.h"

namespace resellermgr::wallet {
namespace {

using base::ErrorKind;
using base::PluginError;

constexpr char kList[] = R"sql(
    SELECT COALESCE(w.id, 0) AS wallet_id, a.id, a.name, COALESCE(o.name, '') AS owner,
           COALESCE(w.balance, 0) AS balance, COALESCE(w.credit_limit, 0) AS credit_limit,
           COALESCE(DATE_FORMAT(w.last_movement_at, '%Y-%m-%d %H:%i'), '') AS last_movement
    FROM account a LEFT JOIN account o ON o.id = a.parent_id
    LEFT JOIN wallet w ON w.account_id = a.id
    WHERE a.deleted_at IS NULL AND (a.id = ? OR (a.level = )sql" RM_LEVEL_RESELLER
                         R"sql( AND )sql" RM_BELOW_OR_ADMIN("a") R"sql())
    ORDER BY a.id = ? DESC, a.name LIMIT 1000)sql";
constexpr auto kListColumns = db::Columns::Of(kList);
constexpr char kEnsure[] = "INSERT IGNORE INTO wallet (account_id) VALUES (?)";
constexpr char kByAccount[] =
    "SELECT w.id, w.balance, w.credit_limit FROM wallet w WHERE w.account_id = ?";
constexpr auto kByAccountColumns = db::Columns::Of(kByAccount);
constexpr char kByAccountLocked[] =
    "SELECT w.id, w.balance, w.credit_limit FROM wallet w WHERE w.account_id = ? FOR UPDATE";
static_assert(kByAccountColumns == db::Columns::Of(kByAccountLocked));
// One of a system wallet's sixteen rows (sql/047), at random.
constexpr int kSystemShards = 16;
constexpr char kSystem[] = "SELECT id FROM wallet WHERE system_name = ? AND system_shard = ?";
constexpr auto kSystemColumns = db::Columns::Of(kSystem);
// What a parent has handed out as credit: its direct children's limits (an assignment, not
// scope: the parent's own pool).
constexpr char kCreditGivenBelow[] = R"sql(
    SELECT COALESCE(SUM(w.credit_limit), 0) AS given FROM wallet w JOIN account a ON a.id = w.account_id
    WHERE a.parent_id = ? AND a.id <> ? AND a.deleted_at IS NULL)sql";
constexpr auto kCreditGivenBelowColumns = db::Columns::Of(kCreditGivenBelow);
// The resellers of a subtree (its root included) whose wallet holds money or owes it.
constexpr char kUnsettledAt[] = R"sql(
    SELECT a.name, w.balance FROM account a JOIN wallet w ON w.account_id = a.id
    WHERE )sql" RM_BELOW("a") " AND a.level = " RM_LEVEL_RESELLER
                              R"sql( AND a.deleted_at IS NULL AND w.balance <> 0
    ORDER BY a.id)sql";
constexpr auto kUnsettledAtColumns = db::Columns::Of(kUnsettledAt);
constexpr char kAccountOf[] = "SELECT account_id FROM wallet WHERE id = ?";
constexpr auto kAccountOfColumns = db::Columns::Of(kAccountOf);
constexpr char kSetCredit[] = "UPDATE wallet SET credit_limit = ? WHERE account_id = ?";
constexpr char kLock[] =
    "SELECT id, balance, credit_limit, COALESCE(account_id, 0) AS account_id FROM wallet "
    "WHERE id IN (?, ?) ORDER BY id FOR UPDATE";
constexpr auto kLockColumns = db::Columns::Of(kLock);
// Both legs of a movement in one statement: `amount` leaves the first wallet and reaches the
// second (binds: from, amount, to, amount, from, to).
constexpr char kMove[] = R"sql(
    UPDATE wallet SET balance = balance - IF(id = ?, ?, 0) + IF(id = ?, ?, 0),
                      last_movement_at = UTC_TIMESTAMP(6)
    WHERE id IN (?, ?))sql";
constexpr char kInsert[] = R"sql(
    INSERT INTO ledger_transfer (kind, from_wallet, to_wallet, amount, from_balance, to_balance,
                                 memo, reference, period, actor, as_account, token, idem_key,
                                 refunds)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))
    RETURNING id)sql";
constexpr db::Columns kInsertReturning{"id"};
// A charge of a wallet and what its refunds returned so far (the charge row locked, so two
// refunds of one charge take turns).
constexpr char kRefundable[] = R"sql(
    SELECT t.amount - COALESCE((SELECT SUM(r.amount) FROM ledger_transfer r WHERE r.refunds = t.id), 0)
             AS left_to_refund,
           t.reference, t.period
    FROM ledger_transfer t
    WHERE t.id = ? AND t.from_wallet = ? AND t.kind = 'charge' FOR UPDATE)sql";
constexpr auto kRefundableColumns = db::Columns::Of(kRefundable);
// Both sides of a wallet's movements, newest first, with the other side named.
constexpr char kStatement[] = R"sql(
    SELECT t.id, DATE_FORMAT(t.at, '%Y-%m-%d %H:%i:%s') AS at, t.kind,
           COALESCE(ca.name, cw.system_name, '') AS counterparty, t.memo, t.reference, t.period,
           t.actor, IF(t.to_wallet = ?, CAST(t.amount AS SIGNED), -CAST(t.amount AS SIGNED)) AS amount,
           IF(t.to_wallet = ?, t.to_balance, t.from_balance) AS balance
    FROM ledger_transfer t
    JOIN wallet cw ON cw.id = IF(t.to_wallet = ?, t.from_wallet, t.to_wallet)
    LEFT JOIN account ca ON ca.id = cw.account_id
    WHERE t.from_wallet = ? OR t.to_wallet = ?
    ORDER BY t.id DESC LIMIT ?)sql";
constexpr auto kStatementColumns = db::Columns::Of(kStatement);
constexpr char kVerifyBalances[] = R"sql(
    SELECT w.id, w.balance,
           COALESCE((SELECT SUM(amount) FROM ledger_transfer WHERE to_wallet = w.id), 0) -
           COALESCE((SELECT SUM(amount) FROM ledger_transfer WHERE from_wallet = w.id), 0)
             AS transfers
    FROM wallet w)sql";
constexpr auto kVerifyBalancesColumns = db::Columns::Of(kVerifyBalances);
constexpr char kVerifyTotals[] = R"sql(
    SELECT (SELECT COUNT(*) FROM wallet) AS wallets,
           (SELECT COUNT(*) FROM ledger_transfer) AS transfers,
           (SELECT COALESCE(SUM(balance), 0) FROM wallet) AS balances,
           (SELECT COUNT(*) FROM wallet WHERE account_id IS NOT NULL
              AND balance < -CAST(credit_limit AS SIGNED)) AS below_credit)sql";
constexpr auto kVerifyTotalsColumns = db::Columns::Of(kVerifyTotals);

constexpr char kOwnSummary[] = R"sql(
    SELECT w.balance, w.credit_limit,
           COALESCE(SUM(IF(t.at >= UTC_DATE(), t.amount, 0)), 0) AS charged_today,
           COALESCE(SUM(t.amount), 0) AS charged_month
    FROM wallet w
    LEFT JOIN ledger_transfer t ON t.from_wallet = w.id AND t.kind = 'charge'
      AND t.at >= DATE_FORMAT(UTC_DATE(), '%Y-%m-01')
    WHERE w.account_id = ? GROUP BY w.id)sql";
constexpr auto kOwnSummaryColumns = db::Columns::Of(kOwnSummary);
constexpr char kBooksSummary[] = R"sql(
    SELECT (SELECT COALESCE(SUM(balance), 0) FROM wallet WHERE account_id IS NOT NULL) AS balance,
           (SELECT COALESCE(SUM(credit_limit), 0) FROM wallet WHERE account_id IS NOT NULL)
             AS credit_limit,
           COALESCE(SUM(IF(at >= UTC_DATE(), amount, 0)), 0) AS charged_today,
           COALESCE(SUM(amount), 0) AS charged_month
    FROM ledger_transfer
    WHERE kind = 'charge' AND at >= DATE_FORMAT(UTC_DATE(), '%Y-%m-01'))sql";
static_assert(kOwnSummaryColumns == db::Columns::Of(kBooksSummary));

}  // namespace

const char* KindName(Kind kind) {
  static constexpr const char* kNames[] = {"deposit", "transfer", "withdraw",  "charge",
                                           "refund",  "autopay",  "adjustment"};
  return kNames[static_cast<int>(kind)];
}

std::vector<Wallet> MySqlWalletStore::List(const std::string& path, bool admin,
                                           long long own_account_id) {
  sql::PreparedStatement& list = connection_.Prepare(kList);
  list.setInt64(1, own_account_id);
  list.setBoolean(2, admin);
  list.setString(3, tenancy::SubtreePatternOrNone(path));
  list.setInt64(4, own_account_id);
  std::vector<Wallet> wallets;
  auto rows = db::Select(list);
  while (rows->next()) {
    Wallet w;
    w.id = rows->getInt64(kListColumns["wallet_id"]);
    w.account_id = rows->getInt64(kListColumns["id"]);
    w.name = rows->getString(kListColumns["name"]);
    w.owner = rows->getString(kListColumns["owner"]);
    w.balance = rows->getInt64(kListColumns["balance"]);
    w.credit_limit = rows->getInt64(kListColumns["credit_limit"]);
    w.last_movement = rows->getString(kListColumns["last_movement"]);
    wallets.push_back(std::move(w));
  }
  return wallets;
}

// Made on first use: read first, and only a wallet not there yet costs an insert (issue 26).
Wallet MySqlWalletStore::ForAccount(long long account_id, bool lock) {
  const char* read = lock ? kByAccountLocked : kByAccount;
  auto rows = db::Select(db::Query(connection_, read, account_id));
  if (!rows->next()) {
    db::Query(connection_, kEnsure, account_id).executeUpdate();
    rows = db::Select(db::Query(connection_, read, account_id));
    rows->next();
  }
  Wallet w;
  w.id = rows->getInt64(kByAccountColumns["id"]);
  w.account_id = account_id;
  w.balance = rows->getInt64(kByAccountColumns["balance"]);
  w.credit_limit = rows->getInt64(kByAccountColumns["credit_limit"]);
  return w;
}

// The system wallets' rows never change: each worker remembers the ids it has read.
long long MySqlWalletStore::SystemWallet(const char* name) {
  const int shard = connection_.Shard(kSystemShards);
  const auto key = std::make_pair(std::string(name), shard);
  if (const auto known = system_wallets_.find(key); known != system_wallets_.end())
    return known->second;
  auto rows = db::Select(db::Query(connection_, kSystem, std::string(name), shard));
  if (!rows->next()) throw std::runtime_error(std::string("no system wallet ") + name);
  const long long id = rows->getInt64(kSystemColumns["id"]);
  system_wallets_.emplace(key, id);
  return id;
}

std::optional<long long> MySqlWalletStore::AccountOf(long long wallet_id) {
  // A wallet's owner never changes: the one a movement just locked is known without a read.
  if (wallet_id == moved_to_.first)
    return moved_to_.second ? std::optional<long long>(moved_to_.second) : std::nullopt;
  auto rows = db::Select(db::Query(connection_, kAccountOf, wallet_id));
  if (!rows->next() || rows->isNull(kAccountOfColumns["account_id"])) return std::nullopt;
  return rows->getInt64(kAccountOfColumns["account_id"]);
}

void MySqlWalletStore::SetCreditLimit(long long account_id, std::int64_t credit_limit) {
  ForAccount(account_id, true);
  db::Query(connection_, kSetCredit, static_cast<long long>(credit_limit), account_id)
      .executeUpdate();
}

long long MySqlWalletStore::Move(long long from, long long to, std::int64_t amount, Floor floor,
                                 const Movement& m) {
  db::Transaction tx(connection_);
  std::int64_t from_balance = 0, to_balance = 0, from_credit = 0;
  {
    auto rows = db::Select(db::Query(connection_, kLock, from, to));  // lower id first
    while (rows->next()) {
      if (rows->getInt64(kLockColumns["id"]) == from) {
        from_balance = rows->getInt64(kLockColumns["balance"]);
        from_credit = rows->getInt64(kLockColumns["credit_limit"]);
      } else {
        to_balance = rows->getInt64(kLockColumns["balance"]);
        moved_to_ = {to, rows->getInt64(kLockColumns["account_id"])};
      }
    }
  }
  const std::int64_t available =
      from_balance + (floor == Floor::kCredit ? from_credit : std::int64_t{0});
  if (floor != Floor::kNone && available < amount) {
    throw PluginError(ErrorKind::kLimit, "amount", FormatAmount(amount),
                      "available " + FormatAmount(available) + ", needed " + FormatAmount(amount));
  }
  from_balance -= amount;
  to_balance += amount;
  db::Query(connection_, kMove, from, static_cast<long long>(amount), to,
            static_cast<long long>(amount), from, to)
      .executeUpdate();
  // The new row's id comes back with the insert (MariaDB's RETURNING): no second round trip.
  auto inserted = db::Select(db::Query(
      connection_, kInsert, std::string(KindName(m.kind)), from, to, static_cast<long long>(amount),
      static_cast<long long>(from_balance), static_cast<long long>(to_balance), m.memo, m.reference,
      m.period, m.actor, m.as_account, m.token, m.idem_key, m.refunds));
  inserted->next();
  const long long id = inserted->getInt64(kInsertReturning["id"]);
  tx.Commit();
  return id;
}

std::optional<Refundable> MySqlWalletStore::RefundableOf(long long charge_id, long long wallet_id) {
  auto rows = db::Select(db::Query(connection_, kRefundable, charge_id, wallet_id));
  if (!rows->next()) return std::nullopt;
  return Refundable{rows->getInt64(kRefundableColumns["left_to_refund"]),
                    rows->getString(kRefundableColumns["reference"]),
                    rows->getString(kRefundableColumns["period"])};
}

std::int64_t MySqlWalletStore::CreditGivenBelow(long long parent_id, long long except_account_id) {
  auto rows = db::Select(db::Query(connection_, kCreditGivenBelow, parent_id, except_account_id));
  rows->next();
  return rows->getInt64(kCreditGivenBelowColumns["given"]);
}

std::vector<std::pair<std::string, std::int64_t>> MySqlWalletStore::UnsettledAt(
    const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, std::int64_t>> unsettled;
  for (const std::string& path : paths) {
    auto rows = db::Select(db::Query(connection_, kUnsettledAt, path + "%"));
    while (rows->next())
      unsettled.emplace_back(rows->getString(kUnsettledAtColumns["name"]),
                             rows->getInt64(kUnsettledAtColumns["balance"]));
  }
  return unsettled;
}

Summary MySqlWalletStore::Dashboard(long long account_id, bool admin) {
  auto rows = admin ? db::Select(connection_.Prepare(kBooksSummary))
                    : db::Select(db::Query(connection_, kOwnSummary, account_id));
  Summary summary;
  if (!rows->next()) return summary;  // no wallet yet: nothing moved
  summary.balance = rows->getInt64(kOwnSummaryColumns["balance"]);
  summary.credit_limit = rows->getInt64(kOwnSummaryColumns["credit_limit"]);
  summary.charged_today = rows->getInt64(kOwnSummaryColumns["charged_today"]);
  summary.charged_month = rows->getInt64(kOwnSummaryColumns["charged_month"]);
  return summary;
}

std::vector<Entry> MySqlWalletStore::Statement(long long wallet_id, int limit) {
  sql::PreparedStatement& statement = connection_.Prepare(kStatement);
  for (int i = 1; i <= 5; ++i) statement.setInt64(i, wallet_id);
  statement.setInt(6, limit);
  std::vector<Entry> entries;
  auto rows = db::Select(statement);
  while (rows->next()) {
    Entry e;
    e.id = rows->getInt64(kStatementColumns["id"]);
    e.at = rows->getString(kStatementColumns["at"]);
    e.kind = rows->getString(kStatementColumns["kind"]);
    e.counterparty = rows->getString(kStatementColumns["counterparty"]);
    e.memo = rows->getString(kStatementColumns["memo"]);
    e.reference = rows->getString(kStatementColumns["reference"]);
    e.period = rows->getString(kStatementColumns["period"]);
    e.actor = rows->getString(kStatementColumns["actor"]);
    e.amount = rows->getInt64(kStatementColumns["amount"]);
    e.balance = rows->getInt64(kStatementColumns["balance"]);
    entries.push_back(std::move(e));
  }
  return entries;
}

VerifyResult MySqlWalletStore::Verify() {
  VerifyResult result;
  auto rows = db::Select(connection_.Prepare(kVerifyBalances));
  while (rows->next()) {
    if (rows->getInt64(kVerifyBalancesColumns["balance"]) !=
        rows->getInt64(kVerifyBalancesColumns["transfers"])) {
      result.ok = false;
      result.problems.push_back(
          "wallet " + std::to_string(rows->getInt64(kVerifyBalancesColumns["id"])) + ": balance " +
          FormatAmount(rows->getInt64(kVerifyBalancesColumns["balance"])) + ", transfers " +
          FormatAmount(rows->getInt64(kVerifyBalancesColumns["transfers"])));
    }
  }
  auto totals = db::Select(connection_.Prepare(kVerifyTotals));
  totals->next();
  result.wallets = totals->getInt64(kVerifyTotalsColumns["wallets"]);
  result.transfers = totals->getInt64(kVerifyTotalsColumns["transfers"]);
  if (totals->getInt64(kVerifyTotalsColumns["balances"]) != 0) {
    result.ok = false;
    result.problems.push_back("balances sum to " +
                              FormatAmount(totals->getInt64(kVerifyTotalsColumns["balances"])));
  }
  if (totals->getInt64(kVerifyTotalsColumns["below_credit"]) != 0) {
    result.ok = false;
    result.problems.push_back(
        std::to_string(totals->getInt64(kVerifyTotalsColumns["below_credit"])) +
        " wallet(s) below minus their credit limit");
  }
  return result;
}

}  // namespace resellermgr::wallet
