#pragma once
// Everything one worker thread owns: its Connector/C++ thread registration, its DB connection,
// the stores over that connection, and the Deps handed to handlers. Construct it inside the
// thread that uses it; it connects lazily, so a database that is down does not stop start-up.

#include <cppconn/driver.h>

#include <memory>
#include <string>
#include <vector>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "auth/auth_store.h"
#include "auth/authenticator.h"
#include "auth/login_store.h"
#include "auth/password_reset.h"
#include "brand/brand_store.h"
#include "changes/changes.h"
#include "changes/idempotency_store.h"
#include "core/dispatcher.h"
#include "core/fcgi_server.h"
#include "core/messages.h"
#include "core/metadata.h"
#include "db/connection.h"
#include "deps.h"
#include "group/group_store.h"
#include "invoice/invoice_store.h"
#include "mail/mail.h"
#include "preset/preset_store.h"
#include "report/report_store.h"
#include "service/service_store.h"
#include "ticket/ticket_store.h"
#include "wallet/wallet_store.h"
#include "web/html_view.h"
#include "web/panel.h"

namespace resellermgr {

// The dispatcher's Gatekeeper over this worker's authenticator and account store.
class WorkerGate : public core::Gatekeeper {
 public:
  WorkerGate(auth::Authenticator& authenticator, account::MySqlAccountStore& accounts)
      : authenticator_(authenticator), accounts_(accounts) {}
  core::Caller Identify(const core::Request& request) override {
    return authenticator_.Identify(request);
  }
  void CheckAddress(const core::Caller& caller, const core::Request& request) override {
    authenticator_.CheckAddress(caller, request);
  }
  bool ModuleAllowed(const core::Caller& caller, std::string_view group) override {
    return accounts_.Allows(caller, group);
  }

 private:
  auth::Authenticator& authenticator_;
  account::MySqlAccountStore& accounts_;
};

class Worker : public core::RequestHandler {
 public:
  Worker(sql::Driver& driver, const base::Config& config, const core::Messages& messages,
         const core::Dispatcher& dispatcher, const base::DbSettings& db_settings);
  Worker(sql::Driver& driver, const base::Config& config, const core::Messages& messages,
         const core::Dispatcher& dispatcher)
      : Worker(driver, config, messages, dispatcher, config.db) {}

  core::Response Handle(const core::RawRequest& raw) override;
  core::Response HandleAs(const core::RawRequest& raw, const core::Caller& caller);
  const Deps& deps() const { return deps_; }
  db::Connection& connection() { return connection_; }

 private:
  // Connector/C++ needs threadInit()/threadEnd() around each thread's use of the client library.
  class ThreadScope {
   public:
    explicit ThreadScope(sql::Driver& driver) : driver_(driver) { driver_.threadInit(); }
    ~ThreadScope() { driver_.threadEnd(); }

   private:
    sql::Driver& driver_;
  };

  ThreadScope thread_scope_;  // first: outlives the connection
  const core::Dispatcher& dispatcher_;
  db::Connection connection_;
  audit::AuditLog audit_;
  auth::MySqlAuthStore auth_store_;
  account::MySqlAccountStore account_store_;
  preset::MySqlPresetStore preset_store_;
  ticket::MySqlTicketStore ticket_store_;
  changes::MySqlIdempotencyStore idempotency_store_;
  changes::Changes changes_;
  auth::MySqlLoginStore login_store_;
  group::MySqlGroupStore group_store_;
  wallet::MySqlWalletStore wallet_store_;
  invoice::MySqlInvoiceStore invoice_store_;
  service::MySqlServiceStore service_store_;
  mail::MailQueue mail_queue_;
  brand::MySqlBrandStore brand_store_;
  report::MySqlReportStore report_store_;
  auth::MySqlPasswordResets password_resets_;
  auth::Authenticator authenticator_;
  WorkerGate gate_;
  Deps deps_;
};

// Registers every function family. One line per family.
void RegisterAllFunctions(core::FunctionRegistry& registry);

// What the process loads once at start-up and shares read-only with every worker: config,
// messages, the function registry and dispatcher, and the Connector/C++ driver (obtained here,
// before any thread starts, because get_driver_instance() is not thread-safe).
// Throws std::runtime_error on a bad config or metadata file.
class Runtime {
 public:
  explicit Runtime(const std::vector<std::string>& config_paths);
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // A worker for the calling thread, on the configured database user or on `db_settings`.
  std::unique_ptr<Worker> NewWorker() const;
  std::unique_ptr<Worker> NewWorker(const base::DbSettings& db_settings) const;

  const base::Config& config() const { return config_; }

  // The outbox delivery loop (changes/outbox.h), on a connection of its own, until `stopping`.
  void DeliverOutbox(const std::atomic<bool>& stopping) const;

 private:
  const base::Config config_;
  const core::Messages messages_;
  const core::Metadata metadata_;
  const web::HtmlView html_view_;
  const web::Panel panel_;
  core::FunctionRegistry registry_;
  const core::Dispatcher dispatcher_;
  sql::Driver& driver_;
};

}  // namespace resellermgr
