#include <algorithm>
#include <cstdio>
#include <ctime>
#include <regex>

#include "base/days.h"
#include "db/columns.h"
#include "invoice/invoice_store.h"
#include "tenancy/tenancy.h"
#include "util/crypto.h"

namespace resellermgr::invoice {
namespace {

// Who a document reaches: the admin all; a reseller its own and those of the accounts below.
#define RM_HEAD_COLUMNS                                                                      \
  "i.id, i.kind, DATE_FORMAT(i.issued_at, '%Y-%m-%d %H:%i') AS issued_at, i.issued_by, "     \
  "DATE_FORMAT(i.period_start, '%Y-%m-%d') AS period_start, "                                \
  "DATE_FORMAT(i.period_end, '%Y-%m-%d') AS period_end, i.currency, i.total, "               \
  "i.opening_balance, i.closing_balance, i.seller_name, i.seller_address, i.buyer_account, " \
  "i.buyer_name, i.buyer_address"
constexpr db::Columns kHeadRow{RM_HEAD_COLUMNS};

constexpr char kList[] = "SELECT " RM_HEAD_COLUMNS R"sql(
    FROM invoice i JOIN wallet w ON w.id = i.wallet_id LEFT JOIN account a ON a.id = w.account_id
    WHERE )sql" RM_IN_REACH(
    "a") R"sql( AND (? = '' OR i.buyer_account = ?) AND (? = '' OR i.kind = ?)
    ORDER BY i.id DESC LIMIT ?)sql";
constexpr char kFind[] = "SELECT " RM_HEAD_COLUMNS R"sql(
    FROM invoice i JOIN wallet w ON w.id = i.wallet_id LEFT JOIN account a ON a.id = w.account_id
    WHERE i.id = ? AND )sql" RM_IN_REACH("a");
constexpr char kLines[] = R"sql(
    SELECT description, period, quantity, amount FROM invoice_line
    WHERE invoice_id = ? ORDER BY line_no)sql";
constexpr auto kLinesColumns = db::Columns::Of(kLines);

// The run's charges: each not yet on an invoice, of a tenant wallet, in [start, end).
constexpr char kClearRun[] = "DELETE FROM invoice_run_charge WHERE run = ?";
#define RM_COLLECT                                                                           \
  "INSERT INTO invoice_run_charge (run, transfer_id, wallet_id, reference, period, amount) " \
  "SELECT ?, t.id, t.from_wallet, t.reference, t.period, t.amount FROM ledger_transfer t "   \
  "JOIN wallet w ON w.id = t.from_wallet AND w.account_id IS NOT NULL "                      \
  "LEFT JOIN invoice_charge c ON c.transfer_id = t.id "                                      \
  "WHERE t.kind = 'charge' AND t.at >= ? AND t.at < ? AND c.transfer_id IS NULL"
constexpr char kCollectAll[] = RM_COLLECT;
constexpr char kCollectOne[] = RM_COLLECT " AND t.from_wallet = ?";

// One invoice per wallet of the run. Its closing balance is the wallet's balance less what
// moved after the period; its opening balance, less what moved in it as well. Both statement
// forms read the movements since the period's start: all of them, or one wallet's.
#define RM_ISSUE_HEAD                                                                          \
  "INSERT INTO invoice (run, kind, wallet_id, issued_by, period_start, period_end, currency, " \
  "total, opening_balance, closing_balance, seller_name, seller_address, buyer_account, "      \
  "buyer_name, buyer_address) "                                                                \
  "SELECT ?, 'invoice', r.wallet_id, ?, ?, DATE_SUB(?, INTERVAL 1 DAY), ?, r.total, "          \
  "w.balance - COALESCE(n.after_end, 0) - COALESCE(n.in_period, 0), "                          \
  "w.balance - COALESCE(n.after_end, 0), "                                                     \
  "COALESCE(NULLIF(p.company, ''), p.name COLLATE utf8mb4_bin, ''), COALESCE(p.address, ''), " \
  "a.name, COALESCE(NULLIF(a.company, ''), a.name COLLATE utf8mb4_bin), a.address "            \
  "FROM (SELECT wallet_id, SUM(amount) AS total FROM invoice_run_charge WHERE run = ? "        \
  "GROUP BY wallet_id) r "                                                                     \
  "JOIN wallet w ON w.id = r.wallet_id JOIN account a ON a.id = w.account_id "                 \
  "LEFT JOIN account p ON p.id = a.parent_id "                                                 \
  "LEFT JOIN (SELECT wallet, SUM(IF(at < ?, amount, 0)) AS in_period, "                        \
  "SUM(IF(at >= ?, amount, 0)) AS after_end FROM ("
#define RM_ISSUE_TAIL ") m GROUP BY wallet) n ON n.wallet = r.wallet_id"
constexpr char kIssueAll[] = RM_ISSUE_HEAD
    "SELECT to_wallet AS wallet, CAST(amount AS SIGNED) AS amount, at FROM ledger_transfer "
    "WHERE at >= ? UNION ALL "
    "SELECT from_wallet, -CAST(amount AS SIGNED), at FROM ledger_transfer WHERE at >= "
    "?" RM_ISSUE_TAIL;
constexpr char kIssueOne[] = RM_ISSUE_HEAD
    "SELECT to_wallet AS wallet, CAST(amount AS SIGNED) AS amount, at FROM ledger_transfer "
    "WHERE to_wallet = ? AND at >= ? UNION ALL "
    "SELECT from_wallet, -CAST(amount AS SIGNED), at FROM ledger_transfer "
    "WHERE from_wallet = ? AND at >= ?" RM_ISSUE_TAIL;
// Lines: the run's charges by service and period, numbered per invoice.
constexpr char kIssueLines[] = R"sql(
    INSERT INTO invoice_line (invoice_id, line_no, description, period, quantity, amount)
    SELECT i.id, ROW_NUMBER() OVER (PARTITION BY i.id ORDER BY r.reference, r.period),
           r.reference, r.period, COUNT(*), SUM(r.amount)
    FROM invoice_run_charge r JOIN invoice i ON i.run = r.run AND i.wallet_id = r.wallet_id
    WHERE r.run = ?
    GROUP BY i.id, r.reference, r.period)sql";
constexpr char kTake[] = R"sql(
    INSERT INTO invoice_charge (transfer_id, invoice_id)
    SELECT r.transfer_id, i.id
    FROM invoice_run_charge r JOIN invoice i ON i.run = r.run AND i.wallet_id = r.wallet_id
    WHERE r.run = ?)sql";
constexpr char kRunIds[] = "SELECT id FROM invoice WHERE run = ? ORDER BY id";
constexpr auto kRunIdsColumns = db::Columns::Of(kRunIds);

// A payment or refund document: money into a tenant wallet, issued with the movement.
constexpr char kReceipt[] = R"sql(
    INSERT INTO invoice (kind, wallet_id, issued_by, period_start, period_end, currency, total,
                         opening_balance, closing_balance, transfer_id, seller_name,
                         seller_address, buyer_account, buyer_name, buyer_address)
    SELECT ?, t.to_wallet, ?, DATE(t.at), DATE(t.at), ?, t.amount,
           t.to_balance - CAST(t.amount AS SIGNED), t.to_balance, t.id,
           COALESCE(NULLIF(p.company, ''), p.name COLLATE utf8mb4_bin, ''),
           COALESCE(p.address, ''), a.name,
           COALESCE(NULLIF(a.company, ''), a.name COLLATE utf8mb4_bin), a.address
    FROM ledger_transfer t JOIN wallet w ON w.id = t.to_wallet
    JOIN account a ON a.id = w.account_id LEFT JOIN account p ON p.id = a.parent_id
    WHERE t.id = ?)sql";
constexpr char kReceiptLine[] = R"sql(
    INSERT INTO invoice_line (invoice_id, line_no, description, period, quantity, amount)
    SELECT ?, 1, IF(reference = '', memo, reference), period, 1, amount
    FROM ledger_transfer WHERE id = ?)sql";

Invoice ReadHead(sql::ResultSet& row) {  // RM_HEAD_COLUMNS
  Invoice i;
  i.id = row.getInt64(kHeadRow["id"]);
  i.kind = row.getString(kHeadRow["kind"]);
  i.issued_at = row.getString(kHeadRow["issued_at"]);
  i.issued_by = row.getString(kHeadRow["issued_by"]);
  i.period_start = row.getString(kHeadRow["period_start"]);
  i.period_end = row.getString(kHeadRow["period_end"]);
  i.currency = row.getString(kHeadRow["currency"]);
  i.total = row.getInt64(kHeadRow["total"]);
  i.opening_balance = row.getInt64(kHeadRow["opening_balance"]);
  i.closing_balance = row.getInt64(kHeadRow["closing_balance"]);
  i.seller_name = row.getString(kHeadRow["seller_name"]);
  i.seller_address = row.getString(kHeadRow["seller_address"]);
  i.buyer_account = row.getString(kHeadRow["buyer_account"]);
  i.buyer_name = row.getString(kHeadRow["buyer_name"]);
  i.buyer_address = row.getString(kHeadRow["buyer_address"]);
  return i;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> MonthRange(const std::string& month) {
  static const std::regex kMonth("(20[0-9]{2})-(0[1-9]|1[0-2])");
  std::smatch m;
  if (!std::regex_match(month, m, kMonth)) return std::nullopt;
  const int year = std::stoi(m[1]), number = std::stoi(m[2]);
  char start[16], end[16];
  std::snprintf(start, sizeof start, "%04d-%02d-01", year, number);
  std::snprintf(end, sizeof end, "%04d-%02d-01", number == 12 ? year + 1 : year,
                number == 12 ? 1 : number + 1);
  const std::string tomorrow = base::UtcDay(1);
  if (std::string(start) >= tomorrow) return std::nullopt;
  return std::pair<std::string, std::string>{start, std::min(std::string(end), tomorrow)};
}

std::string Month(int offset) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  int months = (utc.tm_year + 1900) * 12 + utc.tm_mon + offset;
  char month[16];
  std::snprintf(month, sizeof month, "%04d-%02d", months / 12, months % 12 + 1);
  return month;
}

std::string Invoice::Number() const {
  const char* prefix = kind == "payment" ? "PAY" : kind == "refund" ? "REF" : "INV";
  char number[40];
  std::snprintf(number, sizeof number, "%s-%06lld", prefix, id);
  return number;
}

std::vector<Invoice> MySqlInvoiceStore::List(const Reach& reach, const ListFilter& filter) {
  auto rows = db::Select(db::Query(connection_, kList, reach.admin, reach.own_account_id,
                                   reach.subtree_pattern, filter.account, filter.account,
                                   filter.kind, filter.kind, filter.limit));
  std::vector<Invoice> invoices;
  while (rows->next()) invoices.push_back(ReadHead(*rows));
  return invoices;
}

std::optional<Invoice> MySqlInvoiceStore::Find(const Reach& reach, long long id) {
  auto rows = db::Select(
      db::Query(connection_, kFind, id, reach.admin, reach.own_account_id, reach.subtree_pattern));
  if (!rows->next()) return std::nullopt;
  Invoice invoice = ReadHead(*rows);
  auto lines = db::Select(db::Query(connection_, kLines, id));
  while (lines->next()) {
    invoice.lines.push_back(
        {lines->getString(kLinesColumns["description"]), lines->getString(kLinesColumns["period"]),
         lines->getInt64(kLinesColumns["quantity"]), lines->getInt64(kLinesColumns["amount"])});
  }
  return invoice;
}

RunResult MySqlInvoiceStore::IssueInvoices(long long wallet_id, const std::string& start,
                                           const std::string& end, const std::string& issued_by,
                                           const std::string& currency) {
  const std::string run = util::RandomToken().substr(0, 32);
  RunResult result;
  result.charges =
      wallet_id == 0
          ? db::Query(connection_, kCollectAll, run, start, end).executeUpdate()
          : db::Query(connection_, kCollectOne, run, start, end, wallet_id).executeUpdate();
  if (result.charges == 0) return result;
  result.invoices = wallet_id == 0
                        ? db::Query(connection_, kIssueAll, run, issued_by, start, end, currency,
                                    run, end, end, start, start)
                              .executeUpdate()
                        : db::Query(connection_, kIssueOne, run, issued_by, start, end, currency,
                                    run, end, end, wallet_id, start, wallet_id, start)
                              .executeUpdate();
  db::Query(connection_, kIssueLines, run).executeUpdate();
  db::Query(connection_, kTake, run).executeUpdate();
  auto ids = db::Select(db::Query(connection_, kRunIds, run));
  while (ids->next()) result.ids.push_back(ids->getInt64(kRunIdsColumns["id"]));
  db::Query(connection_, kClearRun, run).executeUpdate();
  return result;
}

long long MySqlInvoiceStore::IssueReceipt(long long transfer_id, const char* kind,
                                          const std::string& issued_by,
                                          const std::string& currency) {
  db::Query(connection_, kReceipt, std::string(kind), issued_by, currency, transfer_id)
      .executeUpdate();
  const long long id = connection_.LastInsertId();
  db::Query(connection_, kReceiptLine, id, transfer_id).executeUpdate();
  return id;
}

}  // namespace resellermgr::invoice
