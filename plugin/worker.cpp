#include "worker.h"

#include "auth/auth_functions.h"

namespace resellermgr {

Worker::Worker(sql::Driver& driver, const core::Config& config, const core::Messages& messages,
               const core::Dispatcher& dispatcher, const core::DbSettings& db_settings)
    : thread_scope_(driver),
      dispatcher_(dispatcher),
      connection_(driver, db_settings),
      audit_(connection_),
      auth_store_(connection_),
      authenticator_(config, auth_store_, audit_),
      deps_{config, messages, connection_, audit_, auth_store_, authenticator_} {}

core::Response Worker::Handle(const core::RawRequest& raw) { return dispatcher_.Handle(raw, deps_); }

core::Response Worker::HandleAs(const core::RawRequest& raw, const core::Caller& caller) {
  return dispatcher_.Handle(raw, deps_, caller);
}

void RegisterAllFunctions(core::FunctionRegistry& registry) {
  auth::RegisterAuthFunctions(registry);
}

}  // namespace resellermgr
