#include "worker.h"

#include <mysql_driver.h>

#include "account/account_functions.h"
#include "audit/audit_functions.h"
#include "auth/auth_functions.h"
#include "core/log.h"
#include "preset/preset_functions.h"
#include "ticket/ticket_functions.h"

namespace resellermgr {

Worker::Worker(sql::Driver& driver, const core::Config& config, const core::Messages& messages,
               const core::Dispatcher& dispatcher, const core::DbSettings& db_settings)
    : thread_scope_(driver),
      dispatcher_(dispatcher),
      connection_(driver, db_settings),
      audit_(connection_),
      auth_store_(connection_),
      account_store_(connection_),
      preset_store_(connection_),
      ticket_store_(connection_),
      idempotency_store_(connection_),
      authenticator_(config, auth_store_, audit_, account_store_),
      deps_{config,         messages,       connection_,   audit_,        auth_store_,
            authenticator_, account_store_, preset_store_, ticket_store_, idempotency_store_} {}

core::Response Worker::Handle(const core::RawRequest& raw) {
  return dispatcher_.Handle(raw, deps_);
}

core::Response Worker::HandleAs(const core::RawRequest& raw, const core::Caller& caller) {
  return dispatcher_.Handle(raw, deps_, caller);
}

void RegisterAllFunctions(core::FunctionRegistry& registry) {
  auth::RegisterAuthFunctions(registry);
  account::RegisterAccountFunctions(registry);
  preset::RegisterPresetFunctions(registry);
  audit::RegisterAuditFunctions(registry);
  ticket::RegisterTicketFunctions(registry);

  // Function groups for reseller.access.
  registry.SetGroup("user", "users");
  registry.SetGroup("preset", "presets");
  registry.SetGroup("ticket", "tickets");
  registry.SetGroup("userstat", "usage");

  // ISP4 obj of "not exists" / "exists" errors where the name is not the kind.
  registry.SetObject("su", "user");
  registry.SetObject("usage", "user");

  // Replies that are sessions, or changes to the caller's own session: never replayed.
  for (const char* func : {"auth", "session", "su", "reseller.su", "user.su"})
    registry.NeverReplay(func);
}

namespace {

core::FunctionRegistry AllFunctions() {
  core::FunctionRegistry registry;
  RegisterAllFunctions(registry);
  return registry;
}

core::Config LoadConfig(const std::vector<std::string>& paths) {
  core::Config config = core::Config::Load(paths);
  core::SetLogLevel(core::ParseLogLevel(config.log_level));
  return config;
}

}  // namespace

Runtime::Runtime(const std::vector<std::string>& config_paths)
    : config_(LoadConfig(config_paths)),
      messages_(core::Messages::LoadFile(config_.xml_dir + "/ispmgr_mod_resellermgr.xml")),
      metadata_(core::Metadata::LoadFile(config_.xml_dir + "/ispmgr_mod_resellermgr.xml")),
      html_view_(config_.templates_dir + "/panel.xsl"),
      panel_(metadata_, messages_, html_view_),
      registry_(AllFunctions()),
      dispatcher_(registry_, config_, messages_, metadata_, &panel_),
      driver_(*sql::mysql::get_driver_instance()) {}

std::unique_ptr<Worker> Runtime::NewWorker() const { return NewWorker(config_.db); }

std::unique_ptr<Worker> Runtime::NewWorker(const core::DbSettings& db_settings) const {
  return std::make_unique<Worker>(driver_, config_, messages_, dispatcher_, db_settings);
}

}  // namespace resellermgr
