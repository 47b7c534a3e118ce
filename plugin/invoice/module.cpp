#include "invoice/module.h"

#include <chrono>
#include <iostream>

#include "audit/audit_log.h"
#include "base/config.h"
#include "db/connection.h"
#include "db/transaction.h"
#include "core/deps.h"
#include "invoice/invoice_functions.h"
#include "invoice/invoice_store.h"

namespace resellermgr::invoice {
namespace {

// `invoice run [YYYY-MM]`, the month-end run (cron, on the 1st): an invoice per wallet for the
// month's charges not invoiced yet; running it again issues nothing twice.
int Run(core::JobContext& context, const std::vector<std::string>& args) {
  const std::string month = args.size() > 2 ? args[2] : Month(-1);
  const auto range = MonthRange(month);
  if (!range) {
    std::cerr << "no such month, or not begun: " << month << " (YYYY-MM)\n";
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  // Each statement reads its own snapshot without locking what it reads: transfers go on
  // while the run reads a month that is over.
  context.db.Execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
  db::Transaction tx(context.db);
  const RunResult run = context.deps.Get<InvoiceStore>().IssueInvoices(
      0, range->first, range->second, "resellerctl", context.config.currency);
  context.deps.audit.Append(
      {"resellerctl", "admin", "local", "invoice.run", month, "ok",
       std::to_string(run.invoices) + " invoices, " + std::to_string(run.charges) + " charges"});
  tx.Commit();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "issued " << run.invoices << " invoices for " << run.charges << " charges of "
            << month << " in " << seconds << " s\n";
  return 0;
}

}  // namespace

const core::Module kModule{
    .name = "invoice",
    .register_functions = RegisterInvoiceFunctions,
    .add_stores =
        [](core::StoreContext& context) {
          InvoiceStore& invoices = context.stores.Make<InvoiceStore>(context.db);
          context.stores.Put<wallet::Receipts>(invoices);
        },
    .jobs = {{"invoice run", "invoice run [YYYY-MM]   (default: last month)", 3, Run,
              /*long_statements=*/true}},
};

}  // namespace resellermgr::invoice
