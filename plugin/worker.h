#pragma once
// Everything one worker thread owns: its Connector/C++ thread registration, its DB connection,
// the stores over that connection, and the Deps handed to handlers. Construct it inside the
// thread that uses it; it connects lazily, so a database that is down does not stop start-up.

#include <cppconn/driver.h>

#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "changes/changes.h"
#include "changes/event_log.h"
#include "changes/idempotency_store.h"
#include "contacts/contacts.h"
#include "core/dispatcher.h"
#include "core/fcgi_server.h"
#include "core/messages.h"
#include "core/metadata.h"
#include "core/module.h"
#include "db/connection.h"
#include "core/deps.h"
#include "identity/account_logins.h"
#include "mail/mail.h"
#include "tenancy/limits.h"
#include "tenancy/removal_guards.h"
#include "web/html_view.h"
#include "web/panel.h"

namespace resellermgr {

class Worker : public core::RequestHandler {
 public:
  Worker(sql::Driver& driver, const core::House& house, const base::Config& config,
         const core::Messages& messages, const core::Dispatcher& dispatcher,
         const base::DbSettings& db_settings);

  core::Response Handle(const core::RawRequest& raw) override;
  core::Response HandleAs(const core::RawRequest& raw, const core::Caller& caller);
  const Deps& deps() const { return deps_; }
  db::Connection& connection() { return connection_; }

 private:
  // Offers the floors as stores, builds every module's stores, and returns the gate one of them
  // offered (deps_ is built from it).
  core::Gatekeeper& BuildStores(const core::House& house, const base::Config& config);

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
  // The floors every family stands on, then the modules' stores built over them.
  audit::AuditLog audit_;
  changes::MySqlIdempotencyStore idempotency_store_;
  changes::MySqlChanges changes_;
  changes::MySqlEventLog event_log_;
  mail::MySqlMailQueue mail_queue_;
  mail::MySqlMailTemplates mail_templates_;
  mail::Composer composer_;
  tenancy::LimitCatalog limits_;
  contacts::MySqlContacts contacts_;
  tenancy::RemovalGuards removal_guards_;
  identity::AccountLogins account_logins_;
  core::Stores stores_;
  Deps deps_;
};

// Registers the right areas and functions of every module (modules.cpp) into `registry`.
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
  const core::House& house() const { return house_; }

  // The outbox delivery loop (changes/outbox.h), on a connection of its own, until `stopping`.
  void DeliverOutbox(const std::atomic<bool>& stopping) const;

 private:
  const base::Config config_;
  const core::Messages messages_;
  const core::Metadata metadata_;
  const web::HtmlView html_view_;
  const web::Panel panel_;
  const core::House house_;
  const core::Dispatcher dispatcher_;
  sql::Driver& driver_;
};

}  // namespace resellermgr
