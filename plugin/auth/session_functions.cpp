// session, session.delete (with elid), session.delete_others, session.history: a login's
// sessions and its recent logins. A login sees and ends its own sessions; `plid` names a company
// whose logins' sessions the call is about: the caller's own company (its owner, acting as
// itself with its own password or session) or, for the admin, any company below it. Any other
// plid reads as unknown. Ending a session takes effect on the next request on every host: each
// request reads its session from the database.

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "auth/authenticator.h"
#include "auth/login_functions.h"
#include "base/errors.h"
#include "core/deps.h"
#include "identity/auth_store.h"

namespace resellermgr::auth {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr int kHistoryRows = 50;

struct Whose {
  identity::SessionOwner owner;
  std::string name;  // the login's or the company's, for the audit log and the reply
  bool company = false;
};

Whose SessionsOf(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const std::string_view plid = request.GetOr("plid", "");
  if (plid.empty()) return {{.login_id = caller.login_id}, caller.login, false};
  if (plid == caller.account && caller.account_id == caller.real_account_id) {
    // Staff see their own sessions only; the owner, the whole company's.
    if (!caller.permissions.FullOwner())
      throw PluginError(ErrorKind::kAccessDenied, "plid", std::string(plid));
    return {{.account_id = caller.account_id}, caller.account, true};
  }
  if (caller.admin()) {
    if (std::optional<account::Account> below =
            deps.Get<account::Directory>().FindBelow(tenancy::Scope::Of(caller), plid))
      return {{.account_id = below->id}, below->name, true};
  }
  throw PluginError(ErrorKind::kNotFound, "plid", std::string(plid));
}

Reply ListSessions(const Deps& deps, const Request& request) {
  const Whose whose = SessionsOf(deps, request);
  Reply reply;
  if (whose.company) reply.Root().Set("plid", whose.name);
  for (const identity::SessionView& session :
       deps.Get<identity::AuthStore>().Sessions(whose.owner, request.caller().session_token,
                                                deps.Get<Authenticator>().session_policy())) {
    reply.AddRow()
        .Set("id", std::to_string(session.id))
        .Set("login", session.login)
        .Set("started", session.started)
        .Set("last_seen", session.last_seen)
        .Set("ip", session.ip)
        .Set("client", session.client)
        .Set("su", session.su_chain)
        .Set("current", session.current ? "on" : "off");
  }
  return reply;
}

Reply ShowEndOthers(const Deps& deps, const Request& request) {
  const Whose whose = SessionsOf(deps, request);
  Reply reply;
  reply.Root().Set("plid", whose.company ? whose.name : "");
  return reply;
}

// "Log out everywhere": every session of the login (or of the company's logins) but the
// caller's own.
Reply EndOthers(const Deps& deps, const Request& request) {
  if (!request.Submitted()) return ShowEndOthers(deps, request);
  const Whose whose = SessionsOf(deps, request);
  const int ended =
      deps.Get<identity::AuthStore>().EndOtherSessions(whose.owner, request.caller().session_token);
  deps.audit.Append(audit::EntryFor(request, whose.name, "ok"));
  Reply reply = Reply::Ok();
  reply.Root().Set("ended", std::to_string(ended));
  return reply;
}

Reply History(const Deps& deps, const Request& request) {
  const Whose whose = SessionsOf(deps, request);
  Reply reply;
  if (whose.company) reply.Root().Set("plid", whose.name);
  for (const identity::LoginEvent& event :
       deps.Get<identity::AuthStore>().LoginHistory(whose.owner, kHistoryRows)) {
    reply.AddRow()
        .Set("at", event.at)
        .Set("login", event.login)
        .Set("ip", event.ip)
        .Set("result", event.outcome)
        .Set("method", event.method);
  }
  return reply;
}

}  // namespace

Reply EndChosenSessions(const Deps& deps, const Request& request) {
  const Whose whose = SessionsOf(deps, request);
  std::vector<long long> ids;
  for (const std::string& name : request.RequireNameList("elid")) {
    // A session is named by its number; anything else names none.
    const std::size_t digits = name.find_first_not_of("0123456789");
    if (name.empty() || digits != std::string::npos || name.size() > 18 || name[0] == '0')
      throw PluginError(ErrorKind::kNotFound, "elid", name);
    ids.push_back(std::stoll(name));
  }
  deps.Get<identity::AuthStore>().EndSessions(whose.owner, ids);
  for (long long id : ids)
    deps.audit.Append(
        audit::EntryFor(request, whose.name + " session " + std::to_string(id), "ok"));
  return Reply::Ok();
}

void RegisterSessionFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("session",               AccessLevel::kUser, Effect::kReads,   ListSessions);
  registry.Add("session.delete_others", AccessLevel::kUser, Effect::kSubmits, EndOthers);
  registry.Add("session.history",       AccessLevel::kUser, Effect::kReads,   History);
  // clang-format on
}

}  // namespace resellermgr::auth
