#pragma once
// Runs one family's handlers without a database: Deps over fakes of our own store interfaces
// (tests/fakes/<family>/), the change funnel recorded in a list. The connection is never opened
// (it connects lazily), so a handler that reached past its fakes would fail loudly.

#include <mysql_driver.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <utility>

#include "audit/audit_log.h"
#include "base/config.h"
#include "base/errors.h"
#include "core/deps.h"
#include "core/function_registry.h"
#include "core/gatekeeper.h"
#include "core/messages.h"
#include "core/module.h"
#include "core/request.h"
#include "db/connection.h"
#include "fakes/changes/recorded_changes.h"
#include "fakes/mail/recorded_mail.h"

namespace resellermgr::fakes {

class NoGate : public core::Gatekeeper {
 public:
  core::Caller Identify(const core::Request&, bool) override { return {}; }
  void CheckAddress(const core::Caller&, const core::Request&) override {}
  bool ModuleAllowed(const core::Caller&, std::string_view) override { return true; }
};

class NoReplays : public core::ReplayLog {
 public:
  std::optional<core::ReplayRecord> Claim(long long, std::string_view, std::string_view,
                                          const std::string&) override {
    return std::nullopt;
  }
  void Finish(long long, std::string_view, const std::string&) override {}
};

// A caller of `level` acting in the account `id` at `path`, with every right of an owner.
inline core::Caller CallerAt(core::AccessLevel level, long long id, const std::string& name,
                             const std::string& path) {
  core::Caller caller;
  caller.level = level;
  caller.account_id = caller.real_account_id = id;
  caller.account = name;
  caller.login = name;
  caller.account_path = path;
  return caller;
}

// The kind and object of the PluginError `call` throws (a test failure when it throws none).
template <class Call>
std::pair<base::ErrorKind, std::string> Refusal(Call call) {
  try {
    call();
  } catch (const base::PluginError& e) {
    return {e.kind(), e.object()};
  }
  BOOST_FAIL("no PluginError");
  return {};
}

struct HandlerHarness {
  explicit HandlerHarness(void (*register_functions)(core::FunctionRegistry&)) {
    register_functions(registry);
    stores.Put(composer);
  }

  // Calls `func` as `caller` with the query string `query`, as the dispatcher would after its
  // stages (no transaction, no permission stage: those are the dispatcher's tests).
  core::Reply Call(const std::string& func, const std::string& query, const core::Caller& caller) {
    core::RawRequest raw;
    raw.method = "POST";
    raw.content_type = "application/x-www-form-urlencoded";
    raw.body = "func=" + func + (query.empty() ? "" : "&" + query);
    core::Request request = core::Request::Parse(raw, core::ParamLimits{});
    request.set_caller(caller);
    const core::FunctionSpec* spec = registry.Find(func);
    if (spec == nullptr) throw std::logic_error("no such function: " + func);
    return spec->handler(deps, request);
  }

  base::Config config;
  core::Messages messages = core::Messages::LoadString("<mgrdata/>");
  db::Connection connection{*sql::mysql::get_driver_instance(), config.db};
  audit::AuditLog audit{connection};
  RecordedChanges changes;
  RecordedMail mail;
  NoMailTemplates mail_templates;
  mail::Composer composer{messages, config, mail_templates};
  NoGate gate;
  NoReplays replays;
  core::Stores stores;
  core::House house{{}};
  Deps deps{config, messages, connection, audit, changes, mail, gate, replays, stores, house};
  core::FunctionRegistry registry;
};

}  // namespace resellermgr::fakes
