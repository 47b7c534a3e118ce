// reseller.delete, reseller.suspend/resume (and the ISP4 names reseller.disable/enable), and
// the same of user: group actions over accounts and everything below them, each with
// preview=on (preview_functions.h), recorded as the account's event and told to the account.

#include "account/account_functions.h"
#include "account/account_kind.h"
#include "account/account_rows.h"
#include "account/account_store.h"
#include "account/preview_functions.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "changes/changes.h"
#include "contacts/contacts.h"
#include "mail/mail.h"
#include "tenancy/removal_guards.h"

namespace resellermgr::account {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

// Every family that keeps something an account must not lose with it may refuse (a reseller
// whose wallet is not at zero, issue 20: tenancy/removal_guards.h).
void CheckRemoval(const Deps& deps, const Request& request, const std::vector<std::string>& names) {
  std::vector<std::string> paths;
  for (const std::string& name : names) {
    if (std::optional<Account> a =
            deps.Get<AccountStore>().Find(ScopeOf(request), kResellerLevel, name))
      paths.push_back(a->tree_path);
  }
  deps.Get<tenancy::RemovalGuards>().Check(paths);
}

Reply DeleteAccounts(const Deps& deps, const Request& request, const Kind& kind) {
  if (request.Flag("preview")) return PreviewCascade(deps, request, kind.level);
  const std::vector<std::string> names = request.RequireNameList("elid");
  if (kind.level == kResellerLevel) CheckRemoval(deps, request, names);
  // Recorded first, in the same transaction, so each event is found as its account's (a
  // permanent delete leaves no row to find); a refused delete rolls the records back with it.
  for (const std::string& name : names) {
    deps.changes.Record(
        request,
        {name, "deleted", audit::RedactedParams(request), EventOf(kind, "deleted"), {}, name});
  }
  deps.Get<AccountStore>().Delete(ScopeOf(request), kind.level, names, request.Flag("cascade"),
                                  request.Flag("permanent"));
  return Reply::Ok();
}

Reply SetSuspended(const Deps& deps, const Request& request, const Kind& kind, bool suspend) {
  if (request.Flag("preview")) return PreviewCascade(deps, request, kind.level);
  const std::vector<std::string> names = request.RequireNameList("elid");
  if (suspend) {
    std::optional<std::string> reason = TextField(request, "reason");
    if (reason && reason->size() > 255)
      throw PluginError(ErrorKind::kInvalidValue, "reason", "", "too long");
    deps.Get<AccountStore>().Suspend(ScopeOf(request), kind.level, names, reason.value_or(""),
                                     request.Flag("lock"));
  } else {
    deps.Get<AccountStore>().Resume(ScopeOf(request), kind.level, names);
  }
  const std::string reason(request.GetOr("reason", ""));
  for (const std::string& name : names) {
    deps.changes.Record(request, {name,
                                  suspend ? "suspended" : "resumed",
                                  audit::RedactedParams(request),
                                  EventOf(kind, suspend ? "suspended" : "resumed"),
                                  {},
                                  name});
    // The account is told, in its language and under the brand it knows.
    if (std::optional<Account> account =
            deps.Get<AccountStore>().Find(ScopeOf(request), kind.level, name)) {
      const contacts::Contact to = deps.Get<contacts::Contacts>().ContactOf(account->id, false);
      deps.mail.Enqueue(deps.Get<mail::Composer>().ComposeTo(
          to, suspend ? "account.suspended" : "account.resumed",
          {{"name", name}, {"reason", reason}}));
    }
  }
  return Reply::Ok();
}

}  // namespace

void RegisterLifecycleFunctions(core::FunctionRegistry& registry) {
  // One row per function, read as a table.
  // clang-format off
  const AccessLevel reseller = AccessLevel::kReseller;
  registry.Add("reseller.delete",   reseller, Effect::kChanges, For<DeleteAccounts, kReseller>);
  registry.Add("reseller.suspend",  reseller, Effect::kChanges, For<SetSuspended, kReseller, true>);
  registry.Add("reseller.resume",   reseller, Effect::kChanges, For<SetSuspended, kReseller, false>);
  registry.Add("reseller.disable",  reseller, Effect::kChanges, For<SetSuspended, kReseller, true>);
  registry.Add("reseller.enable",   reseller, Effect::kChanges, For<SetSuspended, kReseller, false>);
  registry.Add("user.delete",       reseller, Effect::kChanges, For<DeleteAccounts, kUser>);
  registry.Add("user.suspend",      reseller, Effect::kChanges, For<SetSuspended, kUser, true>);
  registry.Add("user.resume",       reseller, Effect::kChanges, For<SetSuspended, kUser, false>);
  registry.Add("user.disable",      reseller, Effect::kChanges, For<SetSuspended, kUser, true>);
  registry.Add("user.enable",       reseller, Effect::kChanges, For<SetSuspended, kUser, false>);
  // clang-format on
  for (const char* func : {"reseller.suspend", "reseller.resume", "reseller.delete", "user.suspend",
                           "user.resume", "user.delete"})
    registry.TakesPreview(func);
}

}  // namespace resellermgr::account
