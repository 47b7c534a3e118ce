// resellerctl: the mgrctl-like command line for the server's administrator.
//   resellerctl [-c CONFIG]... migrate
//   resellerctl [-c CONFIG]... admin create NAME [--password-stdin]
//   resellerctl [-c CONFIG]... admin passwd NAME [--password-stdin]
//   resellerctl [-c CONFIG]... call FUNC [name=value ...] [--as LOGIN]
//   resellerctl [-c CONFIG]... audit verify
//   resellerctl [-c CONFIG]... ledger verify
//   resellerctl [-c CONFIG]... invoice run [YYYY-MM]
//   resellerctl [-c CONFIG]... report monthly [YYYY-MM]
//   resellerctl [-c CONFIG]... usage rollup
//   resellerctl [-c CONFIG]... usage import FILE.csv    (lines: name,disk_mib,traffic_mib)
//   resellerctl api-reference [METADATA.xml]            (Markdown; no database needed)
// Several -c files are read in order (the root-only admin file holds db_admin_* credentials).

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "account/account_store.h"
#include "account/usage_history.h"
#include "audit/audit_log.h"
#include "auth/auth_store.h"
#include "auth/authenticator.h"
#include "base/errors.h"
#include "base/text.h"
#include "core/api_reference.h"
#include "db/migrator.h"
#include "db/transaction.h"
#include "invoice/invoice_store.h"
#include "report/report_store.h"
#include "util/crypto.h"
#include "wallet/wallet_store.h"
#include "worker.h"

namespace {

using namespace resellermgr;

constexpr char kDefaultConfig[] = "/etc/resellermgr/resellermgr.conf";
constexpr char kDefaultAdminConfig[] = "/etc/resellermgr/admin.conf";

int Usage() {
  std::cerr
      << "usage: resellerctl [-c CONFIG]... migrate\n"
         "       resellerctl [-c CONFIG]... admin create|passwd NAME [--password-stdin]\n"
         "       resellerctl [-c CONFIG]... call FUNC [name=value ...] [--as LOGIN]\n"
         "       resellerctl [-c CONFIG]... audit verify\n"
         "       resellerctl [-c CONFIG]... ledger verify\n"
         "       resellerctl [-c CONFIG]... invoice run [YYYY-MM]   (default: last month)\n"
         "       resellerctl [-c CONFIG]... report monthly [YYYY-MM] (default: this month)\n"
         "       resellerctl [-c CONFIG]... usage rollup   (daily: days older than 90 into "
         "months)\n"
         "       resellerctl [-c CONFIG]... usage import FILE.csv   (name,disk_mib,traffic_mib)\n"
         "       resellerctl api-reference [METADATA.xml]\n";
  return 2;
}

// 20 characters from a 62-letter alphabet: about 119 bits.
std::string GeneratePassword() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  constexpr std::size_t kSize = sizeof(kAlphabet) - 1;
  std::string password;
  while (password.size() < 20) {
    for (unsigned char byte : util::RandomBytes(32)) {
      // Rejection sampling keeps every letter equally likely.
      if (byte < 256 - 256 % kSize && password.size() < 20)
        password.push_back(kAlphabet[byte % kSize]);
    }
  }
  return password;
}

std::string PasswordFrom(const std::vector<std::string>& args, std::size_t first_option) {
  for (std::size_t i = first_option; i < args.size(); ++i) {
    if (args[i] == "--password-stdin") {
      std::string password;
      std::getline(std::cin, password);
      if (password.size() < 8)
        throw std::runtime_error("the password must be at least 8 characters");
      return password;
    }
  }
  return {};
}

int Migrate(const Runtime& runtime) {
  const base::Config& config = runtime.config();
  base::DbSettings settings = config.db;
  const bool as_admin = !config.db_admin_user.empty();
  if (as_admin) {
    settings.user = config.db_admin_user;
    settings.password = config.db_admin_password;
  }
  std::unique_ptr<Worker> worker = runtime.NewWorker(settings);
  worker->connection().EnsureConnected();
  const std::vector<std::string> applied = db::Migrate(worker->connection(), config.sql_dir);
  for (const std::string& name : applied) std::cout << "applied " << name << "\n";
  if (applied.empty()) std::cout << "schema is up to date\n";
  if (as_admin && config.db_admin_user != config.db.user) {
    db::GrantApplicationUser(worker->connection(), config.db.name, config.db.user);
  }
  return 0;
}

int Admin(Worker& worker, const std::vector<std::string>& args) {
  if (args.size() < 3) return Usage();
  const std::string& name = args[2];
  std::string password = PasswordFrom(args, 3);
  const bool generated = password.empty();
  if (generated) password = GeneratePassword();
  auth::MySqlAuthStore& store = worker.deps().auth;
  if (args[1] == "create") {
    // The account is the account store's, its login identity's: one transaction for both.
    const std::string hash = util::HashPassword(password);
    db::Transaction tx(worker.deps().db);
    store.CreateAdminLogin(worker.deps().accounts.CreateAdmin(name), name, hash);
    tx.Commit();
  } else if (args[1] == "passwd") {
    if (!store.SetPassword(name, util::HashPassword(password))) {
      std::cerr << "no such login: " << name << "\n";
      return 1;
    }
  } else {
    return Usage();
  }
  worker.deps().audit.Append({"resellerctl", name, "local", "admin." + args[1], name, "ok", ""});
  std::cout << "login: " << name << "\n";
  if (generated) std::cout << "password: " << password << "\n";
  return 0;
}

// `login_name` as a local caller (resellerctl runs on the server itself); reports an unknown login.
std::optional<core::Caller> LocalCaller(Worker& worker, const std::string& login_name) {
  std::optional<auth::LoginRecord> login = worker.deps().auth.FindLogin(login_name);
  if (!login) {
    std::cerr << "no such login: " << login_name << "\n";
    return std::nullopt;
  }
  return auth::Authenticator::CallerFor(*login, core::AuthMethod::kLocal);
}

int Call(Worker& worker, const std::vector<std::string>& args) {
  if (args.size() < 2) return Usage();
  core::RawRequest raw;
  raw.remote_addr = "local";
  raw.query = "func=" + base::PercentEncode(args[1]);
  std::string as_login = "admin";
  for (std::size_t i = 2; i < args.size(); ++i) {
    if (args[i] == "--as" && i + 1 < args.size()) {
      as_login = args[++i];
      continue;
    }
    const auto eq = args[i].find('=');
    if (eq == std::string::npos) return Usage();
    raw.query.append("&").append(base::PercentEncode(args[i].substr(0, eq)));
    raw.query.append("=").append(base::PercentEncode(args[i].substr(eq + 1)));
  }
  const std::optional<core::Caller> caller = LocalCaller(worker, as_login);
  if (!caller) return 1;
  const core::Response response = worker.HandleAs(raw, *caller);
  std::cout << response.body << "\n";
  return response.body.find("<error") == std::string::npos ? 0 : 1;
}

// Each line goes through usage.report as the admin, in its own transaction; bad lines are
// reported with their number and the rest still imported.
int ImportUsage(Worker& worker, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    return 1;
  }
  const std::optional<core::Caller> caller = LocalCaller(worker, "admin");
  if (!caller) return 1;
  int imported = 0, failed = 0, number = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream split(line);
    for (std::string field; std::getline(split, field, ',');) fields.push_back(field);
    core::RawRequest raw;
    raw.remote_addr = "local";
    if (fields.size() == 3) {
      raw.query = "func=usage.report&elid=" + base::PercentEncode(fields[0]) +
                  "&quota_used=" + base::PercentEncode(fields[1]) +
                  "&traff_used=" + base::PercentEncode(fields[2]);
    }
    const core::Response response = worker.HandleAs(raw, *caller);
    if (fields.size() == 3 && response.body.find("<ok/>") != std::string::npos) {
      ++imported;
    } else {
      ++failed;
      std::cerr << path << ":" << number << ": rejected: " << line << "\n";
    }
  }
  std::cout << "imported " << imported << ", rejected " << failed << "\n";
  return failed == 0 ? 0 : 1;
}

int AuditVerify(Worker& worker) {
  const audit::VerifyResult result = worker.deps().audit.Verify();
  if (result.ok) {
    std::cout << "audit log intact: " << result.rows << " rows\n";
    return 0;
  }
  std::cout << "audit log TAMPERED at row " << result.first_bad_id << "\n";
  return 1;
}

// The books' invariants (DESIGN.md "Money"): exit 0 when they hold.
int LedgerVerify(Worker& worker) {
  const wallet::VerifyResult result = worker.deps().wallets.Verify();
  for (const std::string& problem : result.problems) std::cout << "ledger: " << problem << "\n";
  std::cout << (result.ok ? "ledger balanced: " : "ledger BROKEN: ") << result.wallets
            << " wallets, " << result.transfers << " transfers\n";
  return result.ok ? 0 : 1;
}

// The month-end run (cron, on the 1st): an invoice per wallet for the month's charges not
// invoiced yet; running it again issues nothing twice.
int InvoiceRun(Worker& worker, const base::Config& config, const std::vector<std::string>& args) {
  const std::string month = args.size() > 2 ? args[2] : invoice::Month(-1);
  const auto range = invoice::MonthRange(month);
  if (!range) {
    std::cerr << "no such month, or not begun: " << month << " (YYYY-MM)\n";
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  db::Connection& db = worker.connection();
  // Each statement reads its own snapshot without locking what it reads: transfers go on
  // while the run reads a month that is over.
  db.Execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
  db::Transaction tx(db);
  const invoice::RunResult run = worker.deps().invoices.IssueInvoices(
      0, range->first, range->second, "resellerctl", config.currency);
  worker.deps().audit.Append(
      {"resellerctl", "admin", "local", "invoice.run", month, "ok",
       std::to_string(run.invoices) + " invoices, " + std::to_string(run.charges) + " charges"});
  tx.Commit();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "issued " << run.invoices << " invoices for " << run.charges << " charges of "
            << month << " in " << seconds << " s\n";
  return 0;
}

// The month's statistics of every reseller (cron, at the month's end): `report monthly
// [YYYY-MM]`, by default the month under way; running it again rewrites that month.
int ReportMonthly(Worker& worker, const std::vector<std::string>& args) {
  const std::string month = args.size() > 2 ? args[2] : invoice::Month(0);
  const auto range = invoice::MonthRange(month);
  if (!range) {
    std::cerr << "no such month, or not begun: " << month << " (YYYY-MM)\n";
    return 1;
  }
  db::Transaction tx(worker.connection());
  const long long resellers = worker.deps().reports.Snapshot(month, range->first, range->second);
  worker.deps().audit.Append({"resellerctl", "admin", "local", "report.monthly", month, "ok",
                              std::to_string(resellers) + " resellers"});
  tx.Commit();
  std::cout << "wrote " << month << " for " << resellers << " resellers\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> config_paths;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-c" && i + 1 < argc) {
      config_paths.push_back(argv[++i]);
    } else {
      args.push_back(arg);
    }
  }
  if (args.empty()) return Usage();
  if (args[0] == "api-reference" && args.size() <= 2) {
    const std::string xml =
        args.size() == 2 ? args[1]
                         : "/opt/resellermgr/share/resellermgr/xml/ispmgr_mod_resellermgr.xml";
    try {
      core::FunctionRegistry registry;
      RegisterAllFunctions(registry);
      std::cout << core::ApiReference(registry, core::Metadata::LoadFile(xml),
                                      core::Messages::LoadFile(xml));
      return 0;
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      return 1;
    }
  }
  if (config_paths.empty()) {
    config_paths.push_back(kDefaultConfig);
    if (std::filesystem::exists(kDefaultAdminConfig)) config_paths.push_back(kDefaultAdminConfig);
  }
  try {
    const Runtime runtime(config_paths);
    if (args[0] == "migrate") return Migrate(runtime);
    // Batch work (the month-end invoice run) may wait minutes for one statement.
    base::DbSettings db_settings = runtime.config().db;
    if (args[0] == "invoice") db_settings.read_timeout_seconds = 3600;
    const std::unique_ptr<Worker> owned_worker = runtime.NewWorker(db_settings);
    Worker& worker = *owned_worker;
    worker.connection().EnsureConnected();
    if (args[0] == "admin") return Admin(worker, args);
    if (args[0] == "call") return Call(worker, args);
    if (args[0] == "audit" && args.size() == 2 && args[1] == "verify") return AuditVerify(worker);
    if (args[0] == "ledger" && args.size() == 2 && args[1] == "verify") return LedgerVerify(worker);
    if (args.size() == 2 && args[0] == "usage" && args[1] == "rollup") {
      db::Transaction tx(worker.connection());
      const long long days = account::RollUpUsage(worker.connection());
      tx.Commit();
      std::cout << "folded " << days << " daily usage rows into months\n";
      return 0;
    }
    if (args[0] == "report" && args.size() >= 2 && args.size() <= 3 && args[1] == "monthly")
      return ReportMonthly(worker, args);
    if (args[0] == "invoice" && args.size() <= 3 && args.size() >= 2 && args[1] == "run")
      return InvoiceRun(worker, runtime.config(), args);
    if (args[0] == "usage" && args.size() == 3 && args[1] == "import")
      return ImportUsage(worker, args[2]);
    return Usage();
  } catch (const base::PluginError& e) {
    std::cerr << "error: " << e.what() << (e.value().empty() ? "" : " " + e.value()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
