#include "auth/auth_functions.h"

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "auth/authenticator.h"
#include "auth/login_functions.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "db/transaction.h"
#include "identity/access_grants.h"
#include "identity/login_store.h"
#include "identity/password_policy.h"
#include "util/crypto.h"

namespace resellermgr::auth {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Gate;
using core::Reply;
using core::Request;

constexpr std::size_t kMinKeyLength = 16;
constexpr std::size_t kMaxKeyLength = 64;

// Login CSRF: a password login must not come from another site's page, or a victim's browser
// would be logged into the attacker's account. Browsers say where a request comes from
// (Sec-Fetch-Site, Origin) and API clients send neither, so API logins work as they always did.
// The panel's own form also carries a token that must match the login cookie the form came
// with. A key login stays the one cross-site entry (billing systems' "log in to the panel"
// buttons, API.md): its key is single-use, short-lived and issued by a parent account.
void RequireSameSiteLogin(const Request& request) {
  if (request.CrossSite()) throw PluginError(ErrorKind::kAccessDenied, "csrf");
  if (request.out() != "html") return;
  std::optional<std::string_view> cookie = request.Cookie(kLoginCookie);
  if (!cookie || cookie->empty() ||
      !util::ConstantTimeEquals(request.GetOr("login_token", ""), *cookie)) {
    throw PluginError(ErrorKind::kAccessDenied, "csrf");
  }
}

// func=auth: username + password, or username + key (one-time key login).
// The second call of a password login with a second factor: challenge (from the first call's
// totp_required error) and the code.
identity::LoginRecord LogInWithChallenge(const Deps& deps, const Request& request) {
  RequireSameSiteLogin(request);
  return deps.Get<Authenticator>().CheckChallenge(request.Require("challenge"),
                                                  request.Require("totp"), request);
}

identity::LoginRecord LogInWithPassword(const Deps& deps, const Request& request) {
  const std::string& username = request.Require("username");
  RequireSameSiteLogin(request);
  identity::LoginRecord login =
      deps.Get<Authenticator>().CheckPassword(username, request.Require("password"), request);
  if (login.totp_enabled) {
    // The code in the same call (API clients), else a challenge to answer (the panel's
    // second page).
    const std::string_view code = request.GetOr("totp", "");
    if (code.empty()) deps.Get<Authenticator>().AskSecondFactor(login, request);
    deps.Get<Authenticator>().CheckSecondFactor(login, code, request);
  }
  return login;
}

Reply LogIn(const Deps& deps, const Request& request) {
  const bool with_key = request.Has("key");
  const bool with_challenge = request.Has("challenge");
  // A one-time key is handed out by someone above the login (its provider), like su: it needs
  // no second factor.
  const identity::LoginRecord login =
      with_key         ? deps.Get<Authenticator>().CheckKey(request.Require("username"),
                                                            request.Require("key"), request)
      : with_challenge ? LogInWithChallenge(deps, request)
                       : LogInWithPassword(deps, request);
  // A login locked to addresses gets no session from elsewhere.
  deps.Get<Authenticator>().CheckAddress(
      Authenticator::CallerFor(login, core::AuthMethod::kSessionParam), request);
  const identity::NewSession session = deps.Get<identity::AuthStore>().CreateSession(
      login.id, request.remote_addr(), request.client(),
      deps.Get<Authenticator>().session_policy());
  deps.audit.Append({login.name, login.account_name, request.remote_addr(), "auth", login.name,
                     "ok",
                     with_key             ? "method=key"
                     : login.totp_enabled ? "method=password+totp"
                                          : "method=password"});
  Reply reply;
  reply.Root().Add("auth").Attr("id", session.token).Attr("level", login.level).Text(session.token);
  reply.AddHeader("Set-Cookie", SessionCookie(session.token, request.https()));
  return reply;
}

// func=session.newkey&username=U&key=K: lets U log in once with K (16..64 characters, short-lived).
Reply IssueKey(const Deps& deps, const Request& request) {
  const std::string& username = request.Require("username");
  const std::string& key = request.Require("key");
  if (key.size() < kMinKeyLength || key.size() > kMaxKeyLength) {
    throw PluginError(ErrorKind::kInvalidValue, "key", "",
                      "the key must be 16 to 64 characters long");
  }
  const core::Caller& caller = request.caller();
  // The caller's own login or one in its subtree (billing systems log a reseller into its own
  // panel and its users into theirs); any other name reads as "no such user".
  std::optional<identity::LoginRecord> login = deps.Get<identity::AuthStore>().FindLogin(username);
  const bool reachable = login && (login->account_id == caller.account_id ||
                                   deps.Get<account::AccountStore>()
                                       .FindBelow(tenancy::Scope::Of(caller), login->account_name)
                                       .has_value());
  if (!reachable) throw PluginError(ErrorKind::kNotFound, "user", username);
  if (!deps.Get<Authenticator>().MayReach(caller, login->level))
    throw PluginError(ErrorKind::kAccessDenied, std::string(request.func()), "users");
  // A key into another company is a way in like su: its consent, where it asks for it.
  std::string params;
  if (login->account_id != caller.account_id) {
    if (const auto grant = deps.Get<Authenticator>().ConsentFor(caller, login->account_id))
      params = "grant=" + std::to_string(grant->id);
  }
  deps.Get<identity::AuthStore>().PutKey(login->id, key, deps.config.key_ttl_seconds,
                                         caller.login_id);
  deps.audit.Append(audit::EntryFor(request, username, "ok", params));
  return Reply::Ok();
}

// func=session.delete: logout.
Reply LogOut(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  if (!caller.session_token.empty())
    deps.Get<identity::AuthStore>().DeleteSession(caller.session_token);
  deps.audit.Append(audit::EntryFor(request, caller.login, "ok"));
  Reply reply = Reply::Ok();
  reply.AddHeader("Set-Cookie", ExpiredSessionCookie());
  return reply;
}

// Under su, whoami names the account acted as (ISP4 clients check this after user.su) and
// keeps the real login in realname.
Reply WhoAmI(const Deps&, const Request& request) {
  const core::Caller& caller = request.caller();
  const bool acting_as_other = caller.account != caller.login;
  const std::string& name = acting_as_other ? caller.account : caller.login;
  Reply reply;
  reply.Root()
      .Add("user")
      .Attr("name", name)
      .Attr("level", static_cast<int>(caller.level))
      .Attr("account", caller.account)
      .Attr("realname", caller.login)
      .Attr("reallevel", caller.real_level)
      .Text(name);
  // A browser session needs its CSRF token for changes; other callers need none.
  if (caller.method == core::AuthMethod::kSessionCookie)
    reply.Root().Set("csrf", caller.csrf_token);
  return reply;
}

// A new password for `login` from usrparam: on one's own login it needs the current one
// (oldpasswd, as ISPmanager names it), so a session left open is not a way to take the account;
// a parent acting through su needs none. The current password is never taken as the new one.
std::optional<std::string> NewOwnPassword(const Deps& deps, const Request& request,
                                          const identity::LoginRecord& login, bool own) {
  if (!identity::CheckNewPassword(request, false)) return std::nullopt;
  // The current password before hashing the new one: a throttled or wrong attempt costs no hash.
  if (own) {
    const std::string& current = request.Require("oldpasswd");
    if (!deps.Get<Authenticator>().CheckCurrentPassword(login, current, request)) {
      throw PluginError(ErrorKind::kInvalidValue, "oldpasswd", "",
                        "the current password is not right");
    }
  }
  std::optional<std::string> hash = identity::ReadNewPassword(request, false);
  if (util::VerifyPassword(request.GetOr("passwd", ""), login.password_hash)) {
    throw PluginError(ErrorKind::kInvalidValue, "passwd", "",
                      "the new password is the current one");
  }
  return hash;
}

// The company fields usrparam may carry beside the login's own (issue 20): the full owner of the
// account acting as itself, or a login switched (su) into an account it may edit. Never the
// address lock, which only the account functions change (reseller.edit, user.edit, login.edit).
constexpr std::pair<const char*, std::optional<std::string> account::AccountChanges::*>
    kCompanyFields[] = {{"phone", &account::AccountChanges::phone},
                        {"company", &account::AccountChanges::company},
                        {"address", &account::AccountChanges::address},
                        {"comment", &account::AccountChanges::comment}};

// Whether the caller may change the company fields of the account it acts as through usrparam:
// its own company as a full owner, or, through su, an account its rights let it edit.
bool MayEditCompany(const core::Caller& caller, bool own) {
  if (own) return caller.permissions.FullOwner();
  const char* area = caller.level >= AccessLevel::kReseller ? "resellers" : "users";
  return caller.permissions.Allows(area, core::Action::kEdit);
}

// usrparam: the settings of the login acting (its own, or under su the target account's owner
// login): full name, e-mail, language, password; and, for those who may edit the company (see
// MayEditCompany), its phone, company, address and comment. A field the caller may not change
// is refused, never ignored. Under su it is an edit of that account by the real login: it needs
// the real login's edit right on the account's kind. A new password clears a forced change.
Reply UserParams(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const bool own = caller.account_id == caller.real_account_id;
  std::optional<identity::LoginRecord> login =
      deps.Get<identity::AuthStore>().FindLogin(own ? caller.login : caller.account);
  if (!login) throw PluginError(ErrorKind::kNotFound, "user", caller.account);
  const long long login_id = login->id;
  std::optional<account::Account> account = deps.Get<account::Directory>().Get(caller.account_id);
  if (!account) throw PluginError(ErrorKind::kNotFound, "user", caller.account);
  std::optional<identity::StaffLogin> self =
      deps.Get<identity::LoginStore>().Find(account->id, login->name);
  if (!self) throw PluginError(ErrorKind::kNotFound, "user", caller.account);
  const bool company = MayEditCompany(caller, own);

  if (!request.Submitted()) {
    Reply reply;
    reply.Root().Set("name", self->name).Set("fullname", self->fullname).Set("email", self->email);
    if (company) {
      reply.Root()
          .Set("phone", account->phone)
          .Set("company", account->company)
          .Set("address", account->address)
          .Set("comment", account->comment);
    }
    reply.Root().Set("lang", deps.Get<identity::AuthStore>().Language(login_id));
    // The company's own owner decides whether logging in as it needs a reason (issue 25).
    if (company && own) {
      reply.Root().Set(
          "su_reason_required",
          deps.Get<identity::AuthStore>().SuReasonRequired(account->id) ? "on" : "off");
      reply.Root().Set(
          "su_consent_required",
          deps.Get<identity::AccessGrants>().ConsentRequired(account->id) ? "on" : "off");
    }
    return reply;
  }
  if (!own && !company)  // su: an edit of that account by the real login
    throw PluginError(ErrorKind::kAccessDenied, "permission", std::string(request.func()));
  if (request.Has("allowed_ips"))
    throw PluginError(ErrorKind::kAccessDenied, "allowed_ips", "",
                      "the address lock changes through the account's or the login's edit form");
  account::AccountChanges company_changes;
  bool company_changed = false;
  for (const auto& [field, member] : kCompanyFields) {
    std::optional<std::string_view> value = request.Get(field);
    if (!value) continue;
    if (!company)
      throw PluginError(ErrorKind::kAccessDenied, field, "",
                        "only the company's owner changes its details");
    company_changes.*member = std::string(*value);
    company_changed = true;
  }
  std::vector<changes::FieldChange> policy_fields;
  if (request.Has("su_reason_required")) {
    if (!company || !own)
      throw PluginError(ErrorKind::kAccessDenied, "su_reason_required", "",
                        "only the company's owner, as itself, decides this");
    const bool before = deps.Get<identity::AuthStore>().SuReasonRequired(account->id);
    company_changes.su_reason_required = request.Flag("su_reason_required");
    company_changed = company_changed || before != *company_changes.su_reason_required;
    if (before != *company_changes.su_reason_required)
      policy_fields.push_back({"su_reason_required", before ? "on" : "off",
                               *company_changes.su_reason_required ? "on" : "off"});
  }
  // Consent-based support access (issue 25 item 3): the owner's decision too.
  std::optional<bool> consent;
  if (request.Has("su_consent_required")) {
    if (!company || !own)
      throw PluginError(ErrorKind::kAccessDenied, "su_consent_required", "",
                        "only the company's owner, as itself, decides this");
    const bool before = deps.Get<identity::AccessGrants>().ConsentRequired(account->id);
    consent = request.Flag("su_consent_required");
    if (before != *consent)
      policy_fields.push_back(
          {"su_consent_required", before ? "on" : "off", *consent ? "on" : "off"});
  }
  identity::LoginChanges own_changes;
  if (auto fullname = request.Get("fullname")) own_changes.fullname = std::string(*fullname);
  if (auto email = request.Get("email")) own_changes.email = std::string(*email);
  std::optional<std::string> password = NewOwnPassword(deps, request, *login, own);
  std::optional<std::string_view> lang = request.Get("lang");
  if (lang && *lang != "en" && *lang != "ru")
    throw PluginError(ErrorKind::kInvalidValue, "lang", std::string(*lang));

  db::Transaction tx(deps.db);
  if (company_changed) deps.Get<account::AccountStore>().Update(*account, company_changes, false);
  if (own_changes.fullname || own_changes.email)
    deps.Get<identity::LoginStore>().Update(account->id, login->name, own_changes);
  if (lang) deps.Get<identity::AuthStore>().SetLanguage(login_id, std::string(*lang));
  if (consent) deps.Get<identity::AccessGrants>().SetConsentRequired(account->id, *consent);
  if (password)
    deps.Get<identity::AuthStore>().ChangeOwnPassword(login_id, *password, caller.session_token);
  std::vector<changes::FieldChange> fields;
  if (own_changes.fullname) fields.push_back({"fullname", self->fullname, *own_changes.fullname});
  if (own_changes.email) fields.push_back({"email", self->email, *own_changes.email});
  if (password) fields.push_back({"password", "", "(changed)"});  // never the value
  fields.insert(fields.end(), policy_fields.begin(), policy_fields.end());
  deps.changes.Record(request, {account->name, "changed", audit::RedactedParams(request),
                                "login.changed", std::move(fields)});
  tx.Commit();
  return Reply::Ok();
}

}  // namespace

std::string SessionCookie(const std::string& token, bool https) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax";
  if (https) cookie += "; Secure";
  return cookie;
}

std::string ExpiredSessionCookie() {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
}

void RegisterAuthFunctions(core::FunctionRegistry& registry) {
  // One row per function, read as a table.
  // clang-format off
  // auth needs no session, so it takes no CSRF token: it is public and only creates a new session.
  registry.Add("auth",           AccessLevel::kGuest, Effect::kReads,   LogIn, Gate::kDuringPasswordChange);
  registry.Add("session.newkey", AccessLevel::kReseller, Effect::kChanges, IssueKey);
  // Without elid: logout (API.md); with it, the sessions named (session_functions.cpp).
  registry.Add("session.delete", AccessLevel::kUser,  Effect::kChanges,
               [](const Deps& d, const Request& r) {
                 return r.GetOr("elid", "").empty() ? LogOut(d, r) : EndChosenSessions(d, r);
               }, Gate::kDuringPasswordChange);
  registry.Add("whoami",         AccessLevel::kUser,  Effect::kReads,   WhoAmI, Gate::kDuringPasswordChange);
  registry.Add("usrparam",       AccessLevel::kUser,  Effect::kSubmits, UserParams, Gate::kDuringPasswordChange);
  // clang-format on
  RegisterSuFunctions(registry);
}

}  // namespace resellermgr::auth
