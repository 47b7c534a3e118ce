// reseller.access: which function groups a reseller (and its users) may use.

#include <algorithm>

#include "account/account_functions.h"
#include "account/account_rows.h"
#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "core/dispatcher.h"

namespace resellermgr::account {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

// reseller.access: without sok the function groups with on/off; with sok, the groups sent as
// "off" are denied to the reseller and its users (groups not sent keep their state).
// The groups reseller.access shows, in order: our modules' per-account areas, then the host
// panel's own modules (recorded for it; resellermgr enforces only its own).
const std::vector<std::string>& AccessGroups() {
  static const std::vector<std::string> groups = [] {
    std::vector<std::string> all = core::PerAccountAreas();
    for (const char* host : {"domains", "databases", "mail", "ftp", "shell", "dns"})
      all.emplace_back(host);
    return all;
  }();
  return groups;
}

Reply EditAccess(const Deps& deps, const Request& request) {
  const std::string& name = request.Require("elid");
  std::optional<Account> reseller =
      deps.Get<AccountStore>().Find(ScopeOf(request), kResellerLevel, name);
  if (!reseller) throw PluginError(ErrorKind::kNotFound, "reseller", name);
  std::vector<std::string> denied = deps.Get<AccountStore>().DeniedGroups(reseller->id);
  auto is_denied = [&](const std::string& group) {
    return std::find(denied.begin(), denied.end(), group) != denied.end();
  };
  if (!request.Submitted()) {
    Reply reply;
    reply.Root().Set("elid", reseller->name);
    for (const std::string& group : AccessGroups())
      reply.Root().Set(group, is_denied(group) ? "off" : "on");
    return reply;
  }
  std::vector<std::string> next;
  for (const std::string& group : AccessGroups()) {
    std::optional<std::string_view> value = request.Get(group);
    if (value && *value != "on" && *value != "off")
      throw PluginError(ErrorKind::kInvalidValue, group, std::string(*value));
    if (value ? *value == "off" : is_denied(group)) next.push_back(group);
  }
  deps.Get<AccountStore>().SetDeniedGroups(reseller->id, next);
  std::vector<std::pair<std::string, std::string>> before, after;
  for (const std::string& group : AccessGroups()) {
    before.emplace_back(group, is_denied(group) ? "off" : "on");
    after.emplace_back(group,
                       std::find(next.begin(), next.end(), group) != next.end() ? "off" : "on");
  }
  deps.changes.Record(request, {reseller->name, "access changed", audit::RedactedParams(request),
                                "reseller.access_changed", changes::Diff(before, after),
                                reseller->name});
  return Reply::Ok();
}

}  // namespace

void RegisterAccessFunctions(core::FunctionRegistry& registry) {
  registry.Add("reseller.access", AccessLevel::kReseller, Effect::kSubmits, EditAccess);
}

}  // namespace resellermgr::account
