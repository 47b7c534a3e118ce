// su, reseller.su, user.su and su.back: a login acting as an account below its own, accountable
// (a reason, a time limit: issue 25 item 4) and, where the company asks for it, under its
// consent (a grant, or an admin's override: item 3; access_functions.cpp).

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "auth/auth_functions.h"
#include "auth/authenticator.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "contacts/contacts.h"
#include "core/deps.h"
#include "identity/access_grants.h"
#include "mail/mail.h"

namespace resellermgr::auth {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

// An admin's emergency entry into a company that asks for its consent: a reason is required, a
// grant of the su's length (an hour when it names none) is made at once, and the company's
// owner is told by mail and event in the same transaction. Returns the grant's id.
long long Override(const Deps& deps, const Request& request, const account::Account& target,
                   identity::SuTerms& terms) {
  const core::Caller& caller = request.caller();
  if (!caller.admin() || caller.real_level != core::kAdminLevel)
    throw PluginError(ErrorKind::kAccessDenied, "override", "",
                      "only an administrator overrides a company's consent");
  if (terms.reason.empty())
    throw PluginError(ErrorKind::kInvalidValue, "reason", "", "an override needs a reason");
  if (terms.minutes == 0) terms.minutes = 60;
  const int hours = (terms.minutes + 59) / 60;
  const long long id = deps.Get<identity::AccessGrants>().Override(
      target.id, caller.account_id, caller.login, terms.reason, hours);
  deps.changes.Record(request, {target.name,
                                "access override " + std::to_string(id),
                                audit::RedactedParams(request),
                                "access.override",
                                {{"grant", "", std::to_string(id)}, {"reason", "", terms.reason}},
                                target.name});
  const contacts::Contact to = deps.Get<contacts::Contacts>().ContactOf(target.id, false);
  deps.mail.Enqueue(
      deps.Get<mail::Composer>().ComposeTo(to, "access.override",
                                           {{"name", target.name},
                                            {"by", caller.login},
                                            {"reason", terms.reason},
                                            {"minutes", std::to_string(terms.minutes)}}));
  return id;
}

// su / reseller.su / user.su: act as a lower account. With a session, the session switches in
// place (later calls with the same auth= act as the target); with authinfo, a new session that
// starts switched is returned. Targets outside the caller's subtree read as "no such account".
Reply SwitchTo(const Deps& deps, const Request& request, int target_level) {
  const core::Caller& caller = request.caller();
  const std::string& name = request.Require("elid");
  std::optional<account::Account> target =
      deps.Get<account::Directory>().FindBelow(tenancy::Scope::Of(caller), name);
  if (!target || (target_level != 0 && target->level != target_level)) {
    throw PluginError(ErrorKind::kNotFound, "elid", name);
  }
  if (!deps.Get<Authenticator>().MayReach(caller, target->level))
    throw PluginError(ErrorKind::kAccessDenied, std::string(request.func()), "users");
  // Accountable su (issue 25): why, and for how long; an account may ask for a reason.
  identity::SuTerms terms;
  terms.reason = std::string(request.GetOr("reason", ""));
  if (base::Utf8Length(terms.reason) > 255)
    throw PluginError(ErrorKind::kInvalidValue, "reason", "", "at most 255 characters");
  if (terms.reason.empty() && deps.Get<identity::AuthStore>().SuReasonRequired(target->id)) {
    throw PluginError(ErrorKind::kInvalidValue, "reason", "",
                      "this account asks for a reason from whoever logs in as it");
  }
  terms.minutes = static_cast<int>(request.GetInt("minutes", 0, 0, 1440));
  // Consent (issue 25 item 3): under the company's grant, for no longer than it lasts, or by an
  // admin's emergency override, which tells the owner at once.
  std::string grant_param;
  if (request.Flag("override") && deps.Get<identity::AccessGrants>().ConsentRequired(target->id)) {
    terms.grant_id = Override(deps, request, *target, terms);
    grant_param = "override=" + std::to_string(terms.grant_id);
  } else if (const std::optional<identity::ActiveGrant> grant =
                 deps.Get<Authenticator>().ConsentFor(caller, target->id)) {
    terms.grant_id = grant->id;
    terms.minutes =
        terms.minutes == 0 ? grant->minutes_left : std::min(terms.minutes, grant->minutes_left);
    grant_param = "grant=" + std::to_string(grant->id);
  } else if (caller.su_grant != 0) {
    // Deeper from a session under a grant: still under it, and for no longer than it lasts (a
    // step down never outlives the consent that let the session in).
    const std::optional<int> left = deps.Get<identity::AccessGrants>().MinutesLeft(caller.su_grant);
    if (!left)
      throw PluginError(ErrorKind::kAccessDenied, "grant", "",
                        "the grant this session is under has ended");
    terms.grant_id = caller.su_grant;
    terms.minutes = terms.minutes == 0 ? *left : std::min(terms.minutes, *left);
    grant_param = "grant=" + std::to_string(caller.su_grant);
  }
  std::string stack = caller.su_stack;
  if (!stack.empty()) stack += ',';
  stack += std::to_string(target->id);
  std::string params;
  if (!terms.reason.empty()) params = "reason=" + terms.reason;
  // Appended piece by piece (GCC 12 warns falsely about "literal" + std::string&&).
  const auto add = [&params](std::string_view piece) {
    if (!params.empty()) params.push_back(' ');
    params.append(piece);
  };
  if (terms.minutes > 0) add("minutes=" + std::to_string(terms.minutes));
  if (!grant_param.empty()) add(grant_param);
  deps.audit.Append(audit::EntryFor(request, target->name, "ok", params));
  if (!caller.session_token.empty()) {
    deps.Get<identity::AuthStore>().SetSuStack(caller.session_token, stack, target->id, terms);
    Reply reply = Reply::Ok();
    reply.Root().Set("su", target->name);
    return reply;
  }
  const identity::NewSession session = deps.Get<identity::AuthStore>().CreateSession(
      caller.login_id, request.remote_addr(), request.client(),
      deps.Get<Authenticator>().session_policy(), stack, target->id, terms);
  Reply reply;
  reply.Root()
      .Add("auth")
      .Attr("id", session.token)
      .Attr("level", target->level)
      .Text(session.token);
  reply.AddHeader("Set-Cookie", SessionCookie(session.token, request.https()));
  return reply;
}

// su.back: return to the previous level (pop one account off the session's su stack).
Reply SwitchBack(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  if (caller.session_token.empty() || caller.su_stack.empty()) return Reply::Ok();
  std::string stack = caller.su_stack;
  const auto comma = stack.rfind(',');
  stack = comma == std::string::npos ? "" : stack.substr(0, comma);
  const long long effective = stack.empty() ? 0 : std::stoll(stack.substr(stack.rfind(',') + 1));
  // Back at its own account, the su's reason and limit go; a level up keeps them.
  deps.Get<identity::AuthStore>().SetSuStack(
      caller.session_token, stack, effective,
      stack.empty() ? std::optional(identity::SuTerms{}) : std::nullopt);
  deps.audit.Append(audit::EntryFor(request, caller.account, "ok"));
  return Reply::Ok();
}

}  // namespace

void RegisterSuFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("su",             AccessLevel::kReseller, Effect::kChanges,
               [](const Deps& d, const Request& r) { return SwitchTo(d, r, 0); });
  registry.Add("reseller.su",    AccessLevel::kReseller, Effect::kChanges,
               [](const Deps& d, const Request& r) { return SwitchTo(d, r, core::kResellerLevel); });
  registry.Add("user.su",        AccessLevel::kReseller, Effect::kChanges,
               [](const Deps& d, const Request& r) { return SwitchTo(d, r, core::kUserLevel); });
  // Any level: an admin acting as a user must be able to come back.
  registry.Add("su.back",        AccessLevel::kUser,     Effect::kChanges, SwitchBack);
  // clang-format on
}

}  // namespace resellermgr::auth
