// resellerctl: the mgrctl-like command line for the server's administrator.
//   resellerctl [-c CONFIG]... migrate
//   resellerctl [-c CONFIG]... admin create NAME [--password-stdin]
//   resellerctl [-c CONFIG]... admin passwd NAME [--password-stdin]
//   resellerctl [-c CONFIG]... call FUNC [name=value ...] [--as LOGIN]
//   resellerctl [-c CONFIG]... WORD WORD [ARGS]   a module's job (audit verify, ledger verify,
//                      invoice run, report monthly, usage rollup, usage import; see Usage())
//   resellerctl api-reference [METADATA.xml]            (Markdown; no database needed)
// Several -c files are read in order (the root-only admin file holds db_admin_* credentials).

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "auth/authenticator.h"
#include "base/errors.h"
#include "base/text.h"
#include "core/api_reference.h"
#include "db/migrator.h"
#include "db/transaction.h"
#include "identity/auth_store.h"
#include "modules.h"
#include "util/crypto.h"
#include "worker.h"

namespace {

using namespace resellermgr;

constexpr char kDefaultConfig[] = "/etc/resellermgr/resellermgr.conf";
constexpr char kDefaultAdminConfig[] = "/etc/resellermgr/admin.conf";

int Usage() {
  std::cerr << "usage: resellerctl [-c CONFIG]... migrate\n"
               "       resellerctl [-c CONFIG]... admin create|passwd NAME [--password-stdin]\n"
               "       resellerctl [-c CONFIG]... call FUNC [name=value ...] [--as LOGIN]\n";
  // The modules' jobs (core/module.h).
  core::House house(AllModules());
  for (const core::Job* job : house.jobs())
    std::cerr << "       resellerctl [-c CONFIG]... " << job->usage << "\n";
  std::cerr << "       resellerctl api-reference [METADATA.xml]\n"
               "       resellerctl read-functions\n";
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
    for (const std::string& host : config.db.user_hosts)
      db::GrantApplicationUser(worker->connection(), config.db.name, config.db.user, host);
  }
  return 0;
}

int Admin(Worker& worker, const std::vector<std::string>& args) {
  if (args.size() < 3) return Usage();
  const std::string& name = args[2];
  std::string password = PasswordFrom(args, 3);
  const bool generated = password.empty();
  if (generated) password = GeneratePassword();
  identity::MySqlAuthStore& store = worker.deps().Get<identity::AuthStore>();
  if (args[1] == "create") {
    // The account is the account store's, its login identity's: one transaction for both.
    const std::string hash = util::HashPassword(password);
    db::Transaction tx(worker.deps().db);
    store.CreateAdminLogin(worker.deps().Get<account::AccountStore>().CreateAdmin(name), name,
                           hash);
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
  std::optional<identity::LoginRecord> login =
      worker.deps().Get<identity::AuthStore>().FindLogin(login_name);
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
  // The functions a request may run again on another host when the first never answered: those
  // that change nothing unless submitted (sok=), one per line. The web server's configuration
  // for several hosts is made from it (tests/cluster.sh, README "Running on several machines").
  if (args[0] == "read-functions" && args.size() == 1) {
    core::FunctionRegistry registry;
    RegisterAllFunctions(registry);
    for (const std::string& func : registry.Names())
      if (registry.Find(func)->effect != core::Effect::kChanges) std::cout << func << "\n";
    return 0;
  }
  if (config_paths.empty()) {
    config_paths.push_back(kDefaultConfig);
    if (std::filesystem::exists(kDefaultAdminConfig)) config_paths.push_back(kDefaultAdminConfig);
  }
  try {
    const Runtime runtime(config_paths);
    if (args[0] == "migrate") return Migrate(runtime);
    const core::Job* job = runtime.house().FindJob(args);
    // Batch work (the month-end invoice run) may wait minutes for one statement.
    base::DbSettings db_settings = runtime.config().db;
    if (job && job->long_statements) db_settings.read_timeout_seconds = 3600;
    const std::unique_ptr<Worker> owned_worker = runtime.NewWorker(db_settings);
    Worker& worker = *owned_worker;
    worker.connection().EnsureConnected();
    if (args[0] == "admin") return Admin(worker, args);
    if (args[0] == "call") return Call(worker, args);
    if (job) {
      core::JobContext context{
          worker.deps(), worker.connection(), runtime.config(),
          [&worker](const std::string& login) { return LocalCaller(worker, login); },
          [&worker](const core::RawRequest& raw, const core::Caller& caller) {
            return worker.HandleAs(raw, caller);
          }};
      return job->run(context, args);
    }
    return Usage();
  } catch (const base::PluginError& e) {
    std::cerr << "error: " << e.what() << (e.value().empty() ? "" : " " + e.value()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
