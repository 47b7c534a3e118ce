// The wallet store's autopayment rule, its requests and their settling, and the low-balance
// line (issue 25): read and written on the row the rule lives on, apart from the ledger's
// movements (mysql_wallet_store.cpp).

#include <algorithm>

#include "db/columns.h"
#include "util/crypto.h"
#include "wallet/wallet_store.h"

namespace resellermgr::wallet {
namespace {

// The row's rule as wallet.edit shows it; RequestAutopay reads it after every debit.
constexpr char kSetLowBalance[] = "UPDATE wallet SET low_balance = ? WHERE account_id = ?";
constexpr char kRule[] = R"sql(
    SELECT autopay_mode, autopay_threshold, autopay_target, autopay_minimum, autopay_monthly_max,
           autopay_max_failures, autopay_failures, autopay_stopped, balance, credit_limit,
           low_balance, COALESCE(account_id, 0) AS account_id
    FROM wallet WHERE id = ?)sql";
constexpr auto kRuleColumns = db::Columns::Of(kRule);
constexpr char kSetRule[] = R"sql(
    UPDATE wallet SET autopay_mode = ?, autopay_threshold = ?, autopay_target = ?,
                      autopay_minimum = ?, autopay_monthly_max = ?, autopay_max_failures = ?,
                      autopay_failures = 0, autopay_stopped = 0
    WHERE id = ?)sql";
constexpr char kOpenOrThisMonth[] = R"sql(
    SELECT COALESCE(SUM(status = 'requested'), 0) AS open_requests,
           COALESCE(SUM(created_at >= DATE_FORMAT(UTC_DATE(), '%Y-%m-01')), 0) AS this_month
    FROM autopay_request WHERE wallet_id = ?)sql";
constexpr auto kOpenOrThisMonthColumns = db::Columns::Of(kOpenOrThisMonth);
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
constexpr auto kStoppedColumns = db::Columns::Of(kStopped);
constexpr char kConfirmed[] = "UPDATE wallet SET autopay_failures = 0 WHERE id = ?";

}  // namespace

AutopayRule MySqlWalletStore::Rule(long long wallet_id) {
  AutopayRule rule;
  auto rows = db::Select(db::Query(connection_, kRule, wallet_id));
  if (!rows->next()) return rule;
  rule.mode = rows->getString(kRuleColumns["autopay_mode"]);
  rule.threshold = rows->getInt64(kRuleColumns["autopay_threshold"]);
  rule.target = rows->getInt64(kRuleColumns["autopay_target"]);
  rule.minimum = rows->getInt64(kRuleColumns["autopay_minimum"]);
  rule.monthly_max = rows->getInt(kRuleColumns["autopay_monthly_max"]);
  rule.max_failures = rows->getInt(kRuleColumns["autopay_max_failures"]);
  rule.failures = rows->getInt(kRuleColumns["autopay_failures"]);
  rule.stopped = rows->getBoolean(kRuleColumns["autopay_stopped"]);
  rule.low_balance = rows->getInt64(kRuleColumns["low_balance"]);
  return rule;
}

void MySqlWalletStore::SetRule(long long wallet_id, const AutopayRule& rule) {
  db::Query(connection_, kSetRule, rule.mode, static_cast<long long>(rule.threshold),
            static_cast<long long>(rule.target), static_cast<long long>(rule.minimum),
            rule.monthly_max, rule.max_failures, wallet_id)
      .executeUpdate();
}

void MySqlWalletStore::SetLowBalance(long long account_id, std::int64_t line) {
  db::Query(connection_, kSetLowBalance, static_cast<long long>(line), account_id).executeUpdate();
}

std::optional<AutopayRequest> MySqlWalletStore::RequestAutopay(long long wallet_id,
                                                               std::int64_t debited,
                                                               std::optional<LowBalance>* low) {
  auto rows = db::Select(db::Query(connection_, kRule, wallet_id));
  if (!rows->next()) return std::nullopt;
  const std::int64_t balance = rows->getInt64(kRuleColumns["balance"]);
  const std::int64_t available = balance + rows->getInt64(kRuleColumns["credit_limit"]);
  // Crossed the low-balance line with this debit (from at or above it to below it).
  const std::int64_t line = rows->getInt64(kRuleColumns["low_balance"]);
  if (low != nullptr && line > 0 && debited > 0 && available < line && available + debited >= line)
    *low = LowBalance{available, line, rows->getInt64(kRuleColumns["account_id"])};
  const std::string mode = rows->getString(kRuleColumns["autopay_mode"]);
  if (mode == "off" || rows->getBoolean(kRuleColumns["autopay_stopped"])) return std::nullopt;
  std::int64_t amount = 0;
  if (mode == "add_funds" && available < rows->getInt64(kRuleColumns["autopay_threshold"]))
    amount = rows->getInt64(kRuleColumns["autopay_target"]) - available;
  if (mode == "repay" && balance < 0)
    amount = std::max<std::int64_t>(-balance, rows->getInt64(kRuleColumns["autopay_minimum"]));
  if (amount <= 0) return std::nullopt;
  auto state = db::Select(db::Query(connection_, kOpenOrThisMonth, wallet_id));
  state->next();
  if (state->getInt64(kOpenOrThisMonthColumns["open_requests"]) > 0 ||
      state->getInt64(kOpenOrThisMonthColumns["this_month"]) >=
          rows->getInt(kRuleColumns["autopay_monthly_max"]))
    return std::nullopt;
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
  if (stopped != nullptr) *stopped = rows->getBoolean(kStoppedColumns["autopay_stopped"]);
  return true;
}

}  // namespace resellermgr::wallet
