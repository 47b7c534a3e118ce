#include "account/preset_apply_functions.h"

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "preset/preset_store.h"

namespace resellermgr::account {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Reply;
using core::Request;

// user.preset / reseller.preset: one template for every selected account, in one transaction.
// Each account's limits become the template's, checked against the owner's pool as they go,
// so the pool is checked for all of them together: one that does not fit refuses the lot, and
// the refusal names it.
Reply ApplyPreset(const Deps& deps, const Request& request, int level) {
  const core::Caller& caller = request.caller();
  const Scope scope = Scope::Of(caller);
  const std::vector<std::string> names = request.RequireNameList("elid");
  std::vector<Account> accounts;
  for (const std::string& name : names) {
    std::optional<Account> account = deps.Get<AccountStore>().Find(scope, level, name);
    if (!account) throw PluginError(ErrorKind::kNotFound, "elid", name);
    accounts.push_back(*account);
  }
  if (!request.Submitted()) {
    Reply reply;
    core::Element doc = reply.Root();
    doc.Set("elid", std::string(request.GetOr("elid", ""))).Set("preset", "");
    core::Element presets = doc.Add("slist").Attr("name", "preset");
    for (const preset::Preset& p : deps.Get<preset::PresetStore>().List(caller.account_id))
      presets.Add("msg").Attr("key", p.name).Text(p.name);
    return reply;
  }
  const std::string& name = request.Require("preset");
  std::optional<preset::Preset> preset =
      deps.Get<preset::PresetStore>().Find(caller.account_id, name);
  if (!preset) throw PluginError(ErrorKind::kNotFound, "preset", name);
  AccountChanges changes;
  changes.preset = preset->name;
  for (const LimitDescriptor& d : deps.Get<AccountStore>().Descriptors()) {
    auto value = preset->limits.find(d.name);
    changes.limits[d.name] =
        value == preset->limits.end() ? std::nullopt : std::optional(value->second);
  }
  for (const Account& account : accounts) {
    try {
      deps.Get<AccountStore>().Update(account, changes, request.Flag("force"));
    } catch (const PluginError& e) {
      if (e.kind() != ErrorKind::kLimit) throw;
      throw PluginError(ErrorKind::kLimit, e.object(), e.value(),
                        account.name + ": " + (e.detail().empty() ? e.object() : e.detail()));
    }
    deps.changes.Record(request, {account.name,
                                  "template " + preset->name,
                                  audit::RedactedParams(request),
                                  level == kResellerLevel ? "reseller.changed" : "user.changed",
                                  {{"preset", account.preset, preset->name}},
                                  account.name});
  }
  return Reply::Ok();
}

Reply ApplyToUsers(const Deps& deps, const Request& request) {
  return ApplyPreset(deps, request, kUserLevel);
}
Reply ApplyToResellers(const Deps& deps, const Request& request) {
  return ApplyPreset(deps, request, kResellerLevel);
}

}  // namespace

void RegisterPresetApplyFunctions(core::FunctionRegistry& registry) {
  registry.Add("user.preset", AccessLevel::kReseller, core::Effect::kSubmits, ApplyToUsers);
  registry.Add("reseller.preset", AccessLevel::kReseller, core::Effect::kSubmits, ApplyToResellers);
}

}  // namespace resellermgr::account
