#include "worker.h"

#include <mysql_driver.h>

#include "account/account_functions.h"
#include "account/search_functions.h"
#include "account/preset_apply_functions.h"
#include "account/usage_chart_functions.h"
#include "audit/audit_functions.h"
#include "auth/auth_functions.h"
#include "auth/login_functions.h"
#include "brand/brand_functions.h"
#include "report/report_functions.h"
#include "auth/password_reset_functions.h"
#include "changes/outbox.h"
#include "base/log.h"
#include "group/group_functions.h"
#include "invoice/invoice_functions.h"
#include "mail/mail.h"
#include "preset/preset_functions.h"
#include "service/service_functions.h"
#include "ticket/ticket_functions.h"
#include "wallet/wallet_functions.h"

namespace resellermgr {

Worker::Worker(sql::Driver& driver, const base::Config& config, const core::Messages& messages,
               const core::Dispatcher& dispatcher, const base::DbSettings& db_settings)
    : thread_scope_(driver),
      dispatcher_(dispatcher),
      connection_(driver, db_settings),
      audit_(connection_),
      auth_store_(connection_),
      account_store_(connection_),
      preset_store_(connection_),
      ticket_store_(connection_),
      idempotency_store_(connection_),
      changes_(connection_, audit_),
      login_store_(connection_),
      group_store_(connection_),
      wallet_store_(connection_),
      invoice_store_(connection_),
      service_store_(connection_),
      mail_queue_(connection_),
      brand_store_(connection_),
      report_store_(connection_),
      password_resets_(connection_),
      authenticator_(config, auth_store_, audit_, account_store_),
      gate_(authenticator_, account_store_),
      deps_{config,         messages,           connection_,    audit_,
            auth_store_,    authenticator_,     account_store_, preset_store_,
            ticket_store_,  idempotency_store_, login_store_,   group_store_,
            gate_,          idempotency_store_, changes_,       wallet_store_,
            invoice_store_, service_store_,     mail_queue_,    brand_store_,
            report_store_,  password_resets_} {}

core::Response Worker::Handle(const core::RawRequest& raw) {
  return dispatcher_.Handle(raw, deps_);
}

core::Response Worker::HandleAs(const core::RawRequest& raw, const core::Caller& caller) {
  return dispatcher_.Handle(raw, deps_, caller);
}

void RegisterAllFunctions(core::FunctionRegistry& registry) {
  auth::RegisterAuthFunctions(registry);
  account::RegisterAccountFunctions(registry);
  account::RegisterSearchFunctions(registry);
  account::RegisterPresetApplyFunctions(registry);
  account::RegisterUsageChartFunctions(registry);
  preset::RegisterPresetFunctions(registry);
  audit::RegisterAuditFunctions(registry);
  ticket::RegisterTicketFunctions(registry);
  auth::RegisterLoginFunctions(registry);
  auth::RegisterTokenFunctions(registry);
  auth::RegisterTotpFunctions(registry);
  group::RegisterGroupFunctions(registry);
  wallet::RegisterWalletFunctions(registry);
  invoice::RegisterInvoiceFunctions(registry);
  service::RegisterServiceFunctions(registry);
  brand::RegisterBrandFunctions(registry);
  report::RegisterReportFunctions(registry);
  auth::RegisterPasswordResetFunctions(registry);

  // Function groups: reseller.access (modules) denies them per account, permission groups
  // grant "group:action" rights on them to staff and tokens (core/permissions.h).
  registry.SetGroup("reseller", "resellers");
  registry.SetGroup("reseller.message", "tickets");
  registry.SetGroup("user.message", "tickets");
  registry.SetGroup("user", "users");
  registry.SetGroup("preset", "presets");
  registry.SetGroup("ticket", "tickets");
  registry.SetGroup("userstat", "usage");
  registry.SetGroup("usage", "usage");
  registry.SetGroup("audit", "audit");
  // Acting as an account is a right of its own (issue 20: not part of reading users), and a
  // saved list filter is the login's own preference.
  for (const char* func : {"su", "reseller.su", "user.su"}) {
    registry.SetGroup(func, "login_as");
    registry.SetAction(func, core::Action::kEdit);
  }
  for (const char* func : {"reseller.filter", "user.filter"})
    registry.SetAction(func, core::Action::kRead);
  // Credentials and sessions are not for tokens: a token cannot become a session, a password
  // or a key, whose scope would be wider than its own.
  for (const char* func : {"auth", "usrparam", "session.newkey", "su", "reseller.su", "user.su"})
    registry.NeverForTokens(func);
  // Identity functions count and audit refused attempts even when the call fails: a
  // transaction around them would roll those records back.
  for (const char* func : {"auth", "usrparam", "session", "su", "reseller.su", "user.su", "totp"})
    registry.OwnTransactions(func);

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

base::Config LoadConfig(const std::vector<std::string>& paths) {
  base::Config config = base::Config::Load(paths);
  base::SetLogLevel(base::ParseLogLevel(config.log_level));
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

void Runtime::DeliverOutbox(const std::atomic<bool>& stopping) const {
  driver_.threadInit();
  {
    db::Connection connection(driver_, config_.db);
    changes::OutboxDelivery outbox(config_, connection);
    mail::MailDelivery mail(config_, connection);
    changes::RunDeliveries(stopping, connection, config_.outbox_poll_seconds,
                           {[&] { return outbox.DeliverDue() == changes::kOutboxBatch; },
                            [&] { return mail.DeliverDue() == mail::kMailBatch; }});
  }
  driver_.threadEnd();
}

std::unique_ptr<Worker> Runtime::NewWorker(const base::DbSettings& db_settings) const {
  return std::make_unique<Worker>(driver_, config_, messages_, dispatcher_, db_settings);
}

}  // namespace resellermgr
