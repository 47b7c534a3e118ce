#pragma once
// Invoices in MySQL (sql/022): the only place with their SQL. A document is written once, with
// its lines and the parties' names and addresses as they were, and never changed: the
// application's database user may only insert and read these tables (db/migrator.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/connection.h"
#include "wallet/receipts.h"

namespace resellermgr::invoice {

struct Line {
  std::string description;  // the service (the charges' reference), or a payment's reference
  std::string period;       // the charges' own period, as the billing system sent it
  long long quantity = 0;   // how many charges the line adds up
  std::int64_t amount = 0;  // minor units
};

struct Invoice {
  long long id = 0;
  std::string kind;  // "invoice", "payment", "refund"
  std::string issued_at, issued_by;
  std::string period_start, period_end;  // YYYY-MM-DD, both days included
  std::string currency;
  std::int64_t total = 0;
  std::int64_t opening_balance = 0, closing_balance = 0;
  std::string seller_name, seller_address;
  std::string buyer_account, buyer_name, buyer_address;
  std::vector<Line> lines;  // read by Find only

  std::string Number() const;  // "INV-000012", "PAY-000013", "REF-000014"
};

// Which documents a caller reaches: the admin every one; a reseller its own wallet's and those
// of the accounts below it (it is their seller).
struct Reach {
  bool admin = false;
  long long own_account_id = 0;
  std::string subtree_pattern;  // tenancy::SubtreePatternOrNone of the caller's path
};

struct ListFilter {
  std::string account;  // one wallet's documents, by its account's name ("" for all)
  std::string kind;     // "" for all
  int limit = 200;
};

struct RunResult {
  long long invoices = 0;      // documents issued
  long long charges = 0;       // charges they took
  std::vector<long long> ids;  // the invoices issued
};

// "2026-11" -> {"2026-11-01", "2026-12-01"}: the days an invoice of that month covers, the end
// cut at tomorrow (UTC) for the month under way. nullopt for no such month or one not begun.
std::optional<std::pair<std::string, std::string>> MonthRange(const std::string& month);
// This month (0), the one before (-1), ... as "YYYY-MM", UTC.
std::string Month(int offset);

class MySqlInvoiceStore : public wallet::Receipts {
 public:
  explicit MySqlInvoiceStore(db::Connection& connection) : connection_(connection) {}

  std::vector<Invoice> List(const Reach& reach, const ListFilter& filter);
  // One document with its lines, when the caller reaches it.
  std::optional<Invoice> Find(const Reach& reach, long long id);

  // Issues an invoice per wallet (every tenant wallet when `wallet_id` is 0) for its charges in
  // [start, end) that no invoice took yet, each grouped by service and period into lines.
  // Runs in the caller's transaction; a concurrent run that took the same charges makes this
  // one fail on invoice_charge's key and roll back whole.
  RunResult IssueInvoices(long long wallet_id, const std::string& start, const std::string& end,
                          const std::string& issued_by, const std::string& currency);
  // The "payment received" (`kind` "payment") or "refund" document of transfer `transfer_id`,
  // issued in the movement's own transaction. Returns its id.
  long long IssueReceipt(long long transfer_id, const char* kind, const std::string& issued_by,
                         const std::string& currency) override;

 private:
  db::Connection& connection_;
};

// What handlers ask for (deps.Get<InvoiceStore>()); the MySQL store is the only one.
using InvoiceStore = MySqlInvoiceStore;

}  // namespace resellermgr::invoice
