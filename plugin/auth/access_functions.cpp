// Consent-based support access (issue 25 item 3). A company that asks for its consent
// (usrparam su_consent_required, its owner's choice) is logged in as (su, reseller.su, user.su,
// su=, session.newkey) only under a grant: an account above it asks (access.request, with a
// reason and the hours it needs), the company's owner, logged in as itself, grants it for at
// most access_grant_max_hours or refuses, and either side ends it (access.revoke: its su
// sessions act as their own logins again at once). An admin's emergency override is su with
// override=on and a reason (auth_functions.cpp). `access` shows a company what it was asked and
// gave, with how often each grant was used, and the asking side what it asked for.

#include "auth/access_functions.h"

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "auth/authenticator.h"
#include "base/config.h"
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

void AddGrant(core::Element e, const identity::AccessGrant& g) {
  e.Set("id", g.id)
      .Set("account", g.account)
      .Set("grantee", g.grantee)
      .Set("kind", g.kind)
      .Set("state", g.state)
      .Set("reason", g.reason)
      .Set("hours", g.hours)
      .Set("requested_by", g.requested_by)
      .Set("requested", g.requested_at)
      .Set("decided_by", g.decided_by)
      .Set("decided", g.decided_at)
      .Set("expires", g.expires_at)
      .Set("uses", g.uses)
      .Set("last_used", g.last_used_at);
}

// The grant `elid` as one side of it sees it.
identity::AccessGrant RequireGrant(const Deps& deps, const Request& request, long long id) {
  std::optional<identity::AccessGrant> g =
      deps.Get<identity::AccessGrants>().Find(id, request.caller().account_id);
  if (!g) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
  return *g;
}

// The company's owner, logged in as itself (never someone acting as it: a grant asked for is
// never given by the one who asked).
void RequireOwnerOf(const Request& request, const identity::AccessGrant& g) {
  const core::Caller& caller = request.caller();
  if (caller.account_id != g.account_id || caller.real_account_id != g.account_id ||
      !caller.permissions.owner || !caller.su_stack.empty())
    throw PluginError(ErrorKind::kAccessDenied, "grant", "",
                      "only the company's owner, logged in as itself, decides");
}

int Hours(const Deps& deps, const Request& request, int fallback) {
  return static_cast<int>(request.GetInt("hours", fallback, 1, deps.config.access_grant_max_hours));
}

Reply ListGrants(const Deps& deps, const Request& request) {
  Reply reply;
  for (const identity::AccessGrant& g :
       deps.Get<identity::AccessGrants>().List(request.caller().account_id))
    AddGrant(reply.AddRow(), g);
  return reply;
}

// access.request: `account` (or elid: the account a list's row names) is an account below the
// caller that asks for its consent.
Reply RequestAccess(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const std::string_view typed = request.GetOr("account", "");
  const std::string name(typed.empty() ? request.GetOr("elid", "") : typed);
  if (!request.Submitted()) {
    Reply reply;
    reply.Root().Set("account", name).Set("reason", "").Set("hours", 4);
    return reply;
  }
  if (name.empty()) throw PluginError(ErrorKind::kInvalidValue, "account");
  const std::optional<account::Account> target =
      deps.Get<account::Directory>().FindBelow(tenancy::Scope::Of(caller), name);
  if (!target) throw PluginError(ErrorKind::kNotFound, "account", base::Utf8Prefix(name, 64));
  if (!deps.Get<Authenticator>().MayReach(caller, target->level))
    throw PluginError(ErrorKind::kAccessDenied, std::string(request.func()), "users");
  identity::AccessGrants& grants = deps.Get<identity::AccessGrants>();
  if (!grants.ConsentRequired(target->id))
    throw PluginError(ErrorKind::kInvalidValue, "account", target->name,
                      "this account does not ask for its consent: log in as it");
  const std::string reason = request.Require("reason");
  if (base::Utf8Length(reason) > 255)
    throw PluginError(ErrorKind::kInvalidValue, "reason", "", "at most 255 characters");
  const int hours = Hours(deps, request, 4);
  const long long id = grants.Request(target->id, caller.account_id, caller.login, reason, hours);
  deps.changes.Record(request, {target->name,
                                "access requested " + std::to_string(id),
                                audit::RedactedParams(request),
                                "access.requested",
                                {{"grant", "", std::to_string(id)},
                                 {"grantee", "", caller.account},
                                 {"hours", "", std::to_string(hours)}},
                                target->name});
  const contacts::Contact to = deps.Get<contacts::Contacts>().ContactOf(target->id, false);
  mail::Composer& composer = deps.Get<mail::Composer>();
  deps.mail.Enqueue(composer.ComposeTo(to, "access.requested",
                                       {{"name", target->name},
                                        {"by", caller.login},
                                        {"grantee", caller.account},
                                        {"reason", reason},
                                        {"hours", std::to_string(hours)},
                                        {"link", composer.PanelUrl(to) + "?func=access"}}));
  Reply reply = Reply::Ok();
  reply.Root().Set("id", id);
  return reply;
}

// access.grant: the owner grants a pending request (elid) for `hours` (default: as asked).
Reply GrantAccess(const Deps& deps, const Request& request) {
  const std::optional<long long> id = request.GetId("elid");
  if (!id)
    throw PluginError(ErrorKind::kNotFound, "elid",
                      base::Utf8Prefix(request.GetOr("elid", ""), 20));
  const identity::AccessGrant g = RequireGrant(deps, request, *id);
  RequireOwnerOf(request, g);
  if (!request.Submitted()) {
    Reply reply;
    AddGrant(reply.Root(), g);
    reply.Root().Set("elid", g.id);
    return reply;
  }
  const int hours = Hours(deps, request, std::min(g.hours, deps.config.access_grant_max_hours));
  if (!deps.Get<identity::AccessGrants>().Decide(g.id, request.caller().login, true, hours))
    throw PluginError(ErrorKind::kInvalidValue, "elid", std::to_string(g.id),
                      "this request is no longer waiting for an answer");
  deps.changes.Record(request, {g.account,
                                "access granted " + std::to_string(g.id),
                                audit::RedactedParams(request),
                                "access.granted",
                                {{"grant", "", std::to_string(g.id)},
                                 {"grantee", "", g.grantee},
                                 {"hours", "", std::to_string(hours)}},
                                g.account});
  return Reply::Ok();
}

// access.refuse, access.revoke: group actions on grants (elid).
template <bool kRevoke>
Reply EndGrants(const Deps& deps, const Request& request) {
  std::vector<identity::AccessGrant> grants;
  for (long long id : request.RequireIdList("elid")) {
    identity::AccessGrant g = RequireGrant(deps, request, id);
    // The owner decides and ends; the side that asked may give a grant back.
    if (!kRevoke || request.caller().account_id != g.grantee_account_id) RequireOwnerOf(request, g);
    grants.push_back(std::move(g));
  }
  identity::AccessGrants& store = deps.Get<identity::AccessGrants>();
  for (const identity::AccessGrant& g : grants) {
    const bool done = kRevoke ? store.Revoke(g.id, request.caller().login)
                              : store.Decide(g.id, request.caller().login, false, 0);
    if (!done)
      throw PluginError(ErrorKind::kInvalidValue, "elid", std::to_string(g.id),
                        kRevoke ? "this grant is not in force" : "this request is not waiting");
    deps.changes.Record(request, {g.account,
                                  std::string(kRevoke ? "access revoked " : "access refused ") +
                                      std::to_string(g.id),
                                  audit::RedactedParams(request),
                                  kRevoke ? "access.revoked" : "access.refused",
                                  {{"grant", "", std::to_string(g.id)}, {"grantee", "", g.grantee}},
                                  g.account});
  }
  return Reply::Ok();
}

}  // namespace

void RegisterAccessFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("access",         AccessLevel::kUser,     Effect::kReads,   ListGrants);
  registry.Add("access.request", AccessLevel::kReseller, Effect::kSubmits, RequestAccess);
  registry.Add("access.grant",   AccessLevel::kUser,     Effect::kSubmits, GrantAccess);
  registry.Add("access.refuse",  AccessLevel::kUser,     Effect::kChanges, EndGrants<false>);
  registry.Add("access.revoke",  AccessLevel::kUser,     Effect::kChanges, EndGrants<true>);
  // clang-format on
  // Asking to log in as an account is part of logging in as it; deciding is the owner's.
  registry.SetGroup("access.request", "login_as");
  registry.SetAction("access.request", core::Action::kEdit);
  // A token never decides who may log in as its company.
  registry.NeverForTokens("access.grant");
}

}  // namespace resellermgr::auth
