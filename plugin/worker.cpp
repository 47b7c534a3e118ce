#include "worker.h"

#include <mysql_driver.h>

#include <chrono>
#include <functional>

#include "base/log.h"
#include "changes/event_log.h"
#include "changes/outbox.h"
#include "core/gatekeeper.h"
#include "mail/mail.h"
#include "modules.h"
#include "util/password_quality.h"

namespace resellermgr {

Worker::Worker(sql::Driver& driver, const core::House& house, const base::Config& config,
               const core::Messages& messages, const core::Dispatcher& dispatcher,
               const base::DbSettings& db_settings)
    : thread_scope_(driver),
      dispatcher_(dispatcher),
      connection_(driver, db_settings),
      audit_(connection_),
      idempotency_store_(connection_),
      changes_(connection_, audit_),
      event_log_(connection_),
      mail_queue_(connection_),
      mail_templates_(connection_),
      composer_(messages, config, mail_templates_),
      limits_(connection_),
      contacts_(connection_),
      account_logins_(connection_),
      // clang-format off
      deps_{config,      messages,          connection_,
            audit_,      changes_,          mail_queue_,
            BuildStores(house, config),     idempotency_store_,
            stores_,     house} {}
// clang-format on

core::Gatekeeper& Worker::BuildStores(const core::House& house, const base::Config& config) {
  stores_.Put(audit_);
  stores_.Put<changes::Changes>(changes_);
  stores_.Put<changes::EventLog>(event_log_);
  stores_.Put<mail::MailQueue>(mail_queue_);
  stores_.Put(mail_templates_);
  stores_.Put(composer_);
  stores_.Put(limits_);
  stores_.Put<contacts::Contacts>(contacts_);
  stores_.Put(removal_guards_);
  stores_.Put(account_logins_);
  core::StoreContext context{connection_, config, stores_};
  house.AddStores(context);
  return stores_.Get<core::Gatekeeper>();
}

core::Response Worker::Handle(const core::RawRequest& raw) {
  return dispatcher_.Handle(raw, deps_);
}

core::Response Worker::HandleAs(const core::RawRequest& raw, const core::Caller& caller) {
  return dispatcher_.Handle(raw, deps_, caller);
}

void RegisterAllFunctions(core::FunctionRegistry& registry) {
  core::RegisterModules(AllModules(), registry);
}

namespace {

// A delivery-thread pass that runs at most once each `every` (0: each round), and again at once
// while it comes back full.
std::function<bool()> Every(std::chrono::seconds every, std::function<bool()> pass) {
  if (every.count() == 0) return pass;
  return [every, pass = std::move(pass), next = std::chrono::steady_clock::time_point{}]() mutable {
    if (std::chrono::steady_clock::now() < next) return false;
    const bool full = pass();
    if (!full) next = std::chrono::steady_clock::now() + every;
    return full;
  };
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
      house_(AllModules()),
      dispatcher_(house_.registry(), config_, messages_, metadata_, &panel_),
      driver_(*sql::mysql::get_driver_instance()) {
  util::UsePasswordChecks(config_.password_strength == "dictionary");
}

std::unique_ptr<Worker> Runtime::NewWorker() const { return NewWorker(config_.db); }

void Runtime::DeliverOutbox(const std::atomic<bool>& stopping) const {
  // A worker of its own: the queues read its connection, the modules' background work its stores.
  const std::unique_ptr<Worker> worker = NewWorker();
  db::Connection& connection = worker->connection();
  changes::OutboxDelivery outbox(config_, connection);
  mail::MailDelivery mail(config_, connection);
  // Expired idempotency records: a batch a minute, more at once while batches come full.
  changes::MySqlIdempotencyStore idempotency(connection);
  const auto sweep = Every(std::chrono::minutes(1), [&] {
    connection.EnsureConnected();
    return idempotency.Sweep() == changes::kIdempotencySweepBatch;
  });
  // The seal numbers committed events before the modules (webhooks) read them in the same round.
  std::vector<std::function<bool()>> passes = {
      [&] { return outbox.DeliverDue() == changes::kOutboxBatch; },
      [&] { return mail.DeliverDue() == mail::kMailBatch; },
      [&] { return changes::SealEvents(connection) == changes::kSealBatch; }, sweep};
  for (const core::Background* work : house_.background())
    passes.push_back(Every(work->every, [work, &worker] { return work->pass(worker->deps()); }));
  changes::RunDeliveries(stopping, connection, config_.outbox_poll_seconds, passes);
}

std::unique_ptr<Worker> Runtime::NewWorker(const base::DbSettings& db_settings) const {
  return std::make_unique<Worker>(driver_, house_, config_, messages_, dispatcher_, db_settings);
}

}  // namespace resellermgr
