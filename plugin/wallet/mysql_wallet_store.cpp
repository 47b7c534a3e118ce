#include <algorithm>
#include <regex>

#include "base/errors.h"
#include "db/transaction.h"
#include "tenancy/tenancy.h"
#include "util/crypto.h"
#include "wallet/wallet_store.h"

namespace resellermgr::wallet {
namespace {

using base::ErrorKind;
using base::PluginError;

constexpr char kList[] = R"sql(
    SELECT COALESCE(w.id, 0), a.id, a.name, COALESCE(o.name, ''), COALESCE(w.balance, 0),
           COALESCE(w.credit_limit, 0),
           COALESCE(DATE_FORMAT(w.last_movement_at, '%Y-%m-%d %H:%i'), '')
    FROM account a LEFT JOIN account o ON o.id = a.parent_id
    LEFT JOIN wallet w ON w.account_id = a.id
    WHERE a.deleted_at IS NULL AND (a.id = ? OR (a.level = )sql" RM_LEVEL_RESELLER
                         R"sql( AND )sql" RM_BELOW_OR_ADMIN("a") R"sql())
    ORDER BY a.id = ? DESC, a.name LIMIT 1000)sql";
constexpr char kEnsure[] = "INSERT IGNORE INTO wallet (account_id) VALUES (?)";
constexpr char kByAccount[] =
    "SELECT w.id, w.balance, w.credit_limit FROM wallet w WHERE w.account_id = ?";
constexpr char kByAccountLocked[] =
    "SELECT w.id, w.balance, w.credit_limit FROM wallet w WHERE w.account_id = ? FOR UPDATE";
constexpr char kSystem[] = "SELECT id FROM wallet WHERE system_name = ?";
// What a parent has handed out as credit: its direct children's limits (an assignment, not
// scope: the parent's own pool).
constexpr char kCreditGivenBelow[] = R"sql(
    SELECT COALESCE(SUM(w.credit_limit), 0) FROM wallet w JOIN account a ON a.id = w.account_id
    WHERE a.parent_id = ? AND a.id <> ? AND a.deleted_at IS NULL)sql";
// The resellers of a subtree (its root included) whose wallet holds money or owes it.
constexpr char kUnsettledAt[] = R"sql(
    SELECT a.name, w.balance FROM account a JOIN wallet w ON w.account_id = a.id
    WHERE )sql" RM_BELOW("a") " AND a.level = " RM_LEVEL_RESELLER
                              R"sql( AND a.deleted_at IS NULL AND w.balance <> 0
    ORDER BY a.id)sql";
constexpr char kSetCredit[] = "UPDATE wallet SET credit_limit = ? WHERE account_id = ?";
constexpr char kLock[] =
    "SELECT id, balance, credit_limit, account_id IS NULL FROM wallet "
    "WHERE id IN (?, ?) ORDER BY id FOR UPDATE";
constexpr char kDebit[] = R"sql(
    UPDATE wallet SET balance = balance - ?, last_movement_at = UTC_TIMESTAMP(6) WHERE id = ?)sql";
constexpr char kCredit[] = R"sql(
    UPDATE wallet SET balance = balance + ?, last_movement_at = UTC_TIMESTAMP(6) WHERE id = ?)sql";
constexpr char kInsert[] = R"sql(
    INSERT INTO ledger_transfer (kind, from_wallet, to_wallet, amount, from_balance, to_balance,
                                 memo, reference, period, actor, as_account, token, idem_key,
                                 refunds)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0)))sql";
// A charge of a wallet and what its refunds returned so far (the charge row locked, so two
// refunds of one charge take turns).
constexpr char kRefundable[] = R"sql(
    SELECT t.amount - COALESCE((SELECT SUM(r.amount) FROM ledger_transfer r WHERE r.refunds = t.id), 0),
           t.reference, t.period
    FROM ledger_transfer t
    WHERE t.id = ? AND t.from_wallet = ? AND t.kind = 'charge' FOR UPDATE)sql";
// Both sides of a wallet's movements, newest first, with the other side named.
constexpr char kStatement[] = R"sql(
    SELECT t.id, DATE_FORMAT(t.at, '%Y-%m-%d %H:%i:%s'), t.kind,
           COALESCE(ca.name, cw.system_name, ''), t.memo, t.reference, t.period, t.actor,
           IF(t.to_wallet = ?, CAST(t.amount AS SIGNED), -CAST(t.amount AS SIGNED)),
           IF(t.to_wallet = ?, t.to_balance, t.from_balance)
    FROM ledger_transfer t
    JOIN wallet cw ON cw.id = IF(t.to_wallet = ?, t.from_wallet, t.to_wallet)
    LEFT JOIN account ca ON ca.id = cw.account_id
    WHERE t.from_wallet = ? OR t.to_wallet = ?
    ORDER BY t.id DESC LIMIT ?)sql";
constexpr char kVerifyBalances[] = R"sql(
    SELECT w.id, w.balance,
           COALESCE((SELECT SUM(amount) FROM ledger_transfer WHERE to_wallet = w.id), 0) -
           COALESCE((SELECT SUM(amount) FROM ledger_transfer WHERE from_wallet = w.id), 0)
    FROM wallet w)sql";
constexpr char kVerifyTotals[] = R"sql(
    SELECT (SELECT COUNT(*) FROM wallet), (SELECT COUNT(*) FROM ledger_transfer),
           (SELECT COALESCE(SUM(balance), 0) FROM wallet),
           (SELECT COUNT(*) FROM wallet WHERE account_id IS NOT NULL
              AND balance < -CAST(credit_limit AS SIGNED)))sql";

constexpr char kOwnSummary[] = R"sql(
    SELECT w.balance, w.credit_limit,
           COALESCE(SUM(IF(t.at >= UTC_DATE(), t.amount, 0)), 0), COALESCE(SUM(t.amount), 0)
    FROM wallet w
    LEFT JOIN ledger_transfer t ON t.from_wallet = w.id AND t.kind = 'charge'
      AND t.at >= DATE_FORMAT(UTC_DATE(), '%Y-%m-01')
    WHERE w.account_id = ? GROUP BY w.id)sql";
constexpr char kBooksSummary[] = R"sql(
    SELECT (SELECT COALESCE(SUM(balance), 0) FROM wallet WHERE account_id IS NOT NULL),
           (SELECT COALESCE(SUM(credit_limit), 0) FROM wallet WHERE account_id IS NOT NULL),
           COALESCE(SUM(IF(at >= UTC_DATE(), amount, 0)), 0), COALESCE(SUM(amount), 0)
    FROM ledger_transfer
    WHERE kind = 'charge' AND at >= DATE_FORMAT(UTC_DATE(), '%Y-%m-01'))sql";

constexpr char kRule[] = R"sql(
    SELECT autopay_mode, autopay_threshold, autopay_target, autopay_minimum, autopay_monthly_max,
           autopay_max_failures, autopay_failures, autopay_stopped, balance, credit_limit
    FROM wallet WHERE id = ?)sql";
constexpr char kSetRule[] = R"sql(
    UPDATE wallet SET autopay_mode = ?, autopay_threshold = ?, autopay_target = ?,
                      autopay_minimum = ?, autopay_monthly_max = ?, autopay_max_failures = ?,
                      autopay_failures = 0, autopay_stopped = 0
    WHERE id = ?)sql";
constexpr char kOpenOrThisMonth[] = R"sql(
    SELECT COALESCE(SUM(status = 'requested'), 0),
           COALESCE(SUM(created_at >= DATE_FORMAT(UTC_DATE(), '%Y-%m-01')), 0)
    FROM autopay_request WHERE wallet_id = ?)sql";
constexpr char kInsertRequest[] =
    "INSERT INTO autopay_request (wallet_id, request_key, amount) VALUES (?, ?, ?)";
constexpr char kSettle[] = R"sql(
    UPDATE autopay_request SET status = ?, settled_at = UTC_TIMESTAMP(6)
    WHERE wallet_id = ? AND request_key = ? AND status = 'requested')sql";
constexpr char kFailed[] = R"sql(
    UPDATE wallet SET autopay_failures = autopay_failures + 1,
                      autopay_stopped = (autopay_failures >= autopay_max_failures)
    WHERE id = ?)sql";
constexpr char kStopped[] = "SELECT autopay_stopped FROM wallet WHERE id = ?";
constexpr char kConfirmed[] = "UPDATE wallet SET autopay_failures = 0 WHERE id = ?";

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
    w.id = rows->getInt64(1);
    w.account_id = rows->getInt64(2);
    w.name = rows->getString(3);
    w.owner = rows->getString(4);
    w.balance = rows->getInt64(5);
    w.credit_limit = rows->getInt64(6);
    w.last_movement = rows->getString(7);
    wallets.push_back(std::move(w));
  }
  return wallets;
}

Wallet MySqlWalletStore::ForAccount(long long account_id, bool lock) {
  db::Query(connection_, kEnsure, account_id).executeUpdate();
  auto rows = db::Select(db::Query(connection_, lock ? kByAccountLocked : kByAccount, account_id));
  rows->next();
  Wallet w;
  w.id = rows->getInt64(1);
  w.account_id = account_id;
  w.balance = rows->getInt64(2);
  w.credit_limit = rows->getInt64(3);
  return w;
}

long long MySqlWalletStore::SystemWallet(const char* name) {
  auto rows = db::Select(db::Query(connection_, kSystem, std::string(name)));
  if (!rows->next()) throw std::runtime_error(std::string("no system wallet ") + name);
  return rows->getInt64(1);
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
      if (rows->getInt64(1) == from) {
        from_balance = rows->getInt64(2);
        from_credit = rows->getInt64(3);
      } else {
        to_balance = rows->getInt64(2);
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
  db::Query(connection_, kDebit, static_cast<long long>(amount), from).executeUpdate();
  db::Query(connection_, kCredit, static_cast<long long>(amount), to).executeUpdate();
  db::Query(connection_, kInsert, std::string(KindName(m.kind)), from, to,
            static_cast<long long>(amount), static_cast<long long>(from_balance),
            static_cast<long long>(to_balance), m.memo, m.reference, m.period, m.actor,
            m.as_account, m.token, m.idem_key, m.refunds)
      .executeUpdate();
  const long long id = connection_.LastInsertId();
  tx.Commit();
  return id;
}

std::optional<Refundable> MySqlWalletStore::RefundableOf(long long charge_id, long long wallet_id) {
  auto rows = db::Select(db::Query(connection_, kRefundable, charge_id, wallet_id));
  if (!rows->next()) return std::nullopt;
  return Refundable{rows->getInt64(1), rows->getString(2), rows->getString(3)};
}

std::int64_t MySqlWalletStore::CreditGivenBelow(long long parent_id, long long except_account_id) {
  auto rows = db::Select(db::Query(connection_, kCreditGivenBelow, parent_id, except_account_id));
  rows->next();
  return rows->getInt64(1);
}

std::vector<std::pair<std::string, std::int64_t>> MySqlWalletStore::UnsettledAt(
    const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, std::int64_t>> unsettled;
  for (const std::string& path : paths) {
    auto rows = db::Select(db::Query(connection_, kUnsettledAt, path + "%"));
    while (rows->next()) unsettled.emplace_back(rows->getString(1), rows->getInt64(2));
  }
  return unsettled;
}

Summary MySqlWalletStore::Dashboard(long long account_id, bool admin) {
  auto rows = admin ? db::Select(connection_.Prepare(kBooksSummary))
                    : db::Select(db::Query(connection_, kOwnSummary, account_id));
  Summary summary;
  if (!rows->next()) return summary;  // no wallet yet: nothing moved
  summary.balance = rows->getInt64(1);
  summary.credit_limit = rows->getInt64(2);
  summary.charged_today = rows->getInt64(3);
  summary.charged_month = rows->getInt64(4);
  return summary;
}

AutopayRule MySqlWalletStore::Rule(long long wallet_id) {
  AutopayRule rule;
  auto rows = db::Select(db::Query(connection_, kRule, wallet_id));
  if (!rows->next()) return rule;
  rule.mode = rows->getString(1);
  rule.threshold = rows->getInt64(2);
  rule.target = rows->getInt64(3);
  rule.minimum = rows->getInt64(4);
  rule.monthly_max = rows->getInt(5);
  rule.max_failures = rows->getInt(6);
  rule.failures = rows->getInt(7);
  rule.stopped = rows->getBoolean(8);
  return rule;
}

void MySqlWalletStore::SetRule(long long wallet_id, const AutopayRule& rule) {
  db::Query(connection_, kSetRule, rule.mode, static_cast<long long>(rule.threshold),
            static_cast<long long>(rule.target), static_cast<long long>(rule.minimum),
            rule.monthly_max, rule.max_failures, wallet_id)
      .executeUpdate();
}

std::optional<AutopayRequest> MySqlWalletStore::RequestAutopay(long long wallet_id) {
  auto rows = db::Select(db::Query(connection_, kRule, wallet_id));
  if (!rows->next()) return std::nullopt;
  const std::string mode = rows->getString(1);
  if (mode == "off" || rows->getBoolean(8)) return std::nullopt;
  const std::int64_t balance = rows->getInt64(9);
  const std::int64_t available = balance + rows->getInt64(10);
  std::int64_t amount = 0;
  if (mode == "add_funds" && available < rows->getInt64(2)) amount = rows->getInt64(3) - available;
  if (mode == "repay" && balance < 0) amount = std::max<std::int64_t>(-balance, rows->getInt64(4));
  if (amount <= 0) return std::nullopt;
  auto state = db::Select(db::Query(connection_, kOpenOrThisMonth, wallet_id));
  state->next();
  if (state->getInt64(1) > 0 || state->getInt64(2) >= rows->getInt(5)) return std::nullopt;
  AutopayRequest request{
      "autopay-" + std::to_string(wallet_id) + "-" + util::RandomToken().substr(0, 16), amount};
  db::Query(connection_, kInsertRequest, wallet_id, request.key, static_cast<long long>(amount))
      .executeUpdate();
  return request;
}

bool MySqlWalletStore::SettleAutopay(long long wallet_id, const std::string& key, bool confirmed,
                                     bool* stopped) {
  if (db::Query(connection_, kSettle, std::string(confirmed ? "confirmed" : "failed"), wallet_id,
                key)
          .executeUpdate() != 1)
    return false;
  db::Query(connection_, confirmed ? kConfirmed : kFailed, wallet_id).executeUpdate();
  auto rows = db::Select(db::Query(connection_, kStopped, wallet_id));
  rows->next();
  if (stopped != nullptr) *stopped = rows->getBoolean(1);
  return true;
}

std::vector<Entry> MySqlWalletStore::Statement(long long wallet_id, int limit) {
  sql::PreparedStatement& statement = connection_.Prepare(kStatement);
  for (int i = 1; i <= 5; ++i) statement.setInt64(i, wallet_id);
  statement.setInt(6, limit);
  std::vector<Entry> entries;
  auto rows = db::Select(statement);
  while (rows->next()) {
    Entry e;
    e.id = rows->getInt64(1);
    e.at = rows->getString(2);
    e.kind = rows->getString(3);
    e.counterparty = rows->getString(4);
    e.memo = rows->getString(5);
    e.reference = rows->getString(6);
    e.period = rows->getString(7);
    e.actor = rows->getString(8);
    e.amount = rows->getInt64(9);
    e.balance = rows->getInt64(10);
    entries.push_back(std::move(e));
  }
  return entries;
}

VerifyResult MySqlWalletStore::Verify() {
  VerifyResult result;
  auto rows = db::Select(connection_.Prepare(kVerifyBalances));
  while (rows->next()) {
    if (rows->getInt64(2) != rows->getInt64(3)) {
      result.ok = false;
      result.problems.push_back("wallet " + std::to_string(rows->getInt64(1)) + ": balance " +
                                FormatAmount(rows->getInt64(2)) + ", transfers " +
                                FormatAmount(rows->getInt64(3)));
    }
  }
  auto totals = db::Select(connection_.Prepare(kVerifyTotals));
  totals->next();
  result.wallets = totals->getInt64(1);
  result.transfers = totals->getInt64(2);
  if (totals->getInt64(3) != 0) {
    result.ok = false;
    result.problems.push_back("balances sum to " + FormatAmount(totals->getInt64(3)));
  }
  if (totals->getInt64(4) != 0) {
    result.ok = false;
    result.problems.push_back(std::to_string(totals->getInt64(4)) +
                              " wallet(s) below minus their credit limit");
  }
  return result;
}

}  // namespace resellermgr::wallet
