#include "auth/authenticator.h"

#include <ctime>

#include "base/errors.h"
#include "base/log.h"
#include "base/text.h"
#include "core/ip_list.h"
#include "util/crypto.h"
#include "util/totp.h"

namespace resellermgr::auth {

using base::ErrorKind;
using base::PluginError;
using core::AuthMethod;

namespace {

constexpr std::size_t kMaxLoginName = 64;  // login.name

// How a supplied login name is recorded (audit actor, throttle subject): at most what the
// columns hold, cut between characters.
std::string RecordedName(std::string_view username) {
  return base::Utf8Prefix(username, kMaxLoginName);
}

// Login names are compared exactly (migration 011): a name with white space around it, or one
// too long to be stored, is never a login, whatever its other characters.
bool CanBeLoginName(std::string_view name) {
  const auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  return !name.empty() && name.size() <= kMaxLoginName && !space(name.front()) &&
         !space(name.back());
}

std::vector<std::string> SplitGroups(const std::string& csv) {
  const std::vector<std::string_view> parts = base::SplitList(csv);
  return {parts.begin(), parts.end()};
}

}  // namespace

core::Caller Authenticator::CallerFor(const identity::LoginRecord& login, AuthMethod method) {
  core::Caller caller;
  caller.level = static_cast<core::AccessLevel>(login.level);
  caller.method = method;
  caller.login_id = login.id;
  caller.login = login.name;
  caller.account_id = login.account_id;
  caller.account = login.account_name;
  caller.account_path = login.account_path;
  caller.must_change_password = login.force_password_change;
  caller.real_level = login.level;
  caller.real_account_id = login.account_id;
  caller.denied_groups = SplitGroups(login.denied_groups);
  caller.lang = login.lang;
  core::Permissions& permissions = caller.permissions;
  permissions.owner = login.is_owner;
  // A staff login without a group, or with one whose rights cannot be read, holds none.
  if (login.group_rights)
    permissions.group = core::Rights::Parse(*login.group_rights).value_or(core::Rights());
  permissions.company_ips = login.company_ips;
  permissions.login_ips = login.login_ips;
  caller.must_enrol_totp = login.totp_required && !login.totp_enabled;
  return caller;
}

core::Caller Authenticator::Identify(const core::Request& request, bool as_seen) {
  std::optional<std::string_view> su = request.Get("su");
  core::Caller caller = IdentifyCredentials(request, as_seen && !su);
  if (!caller.authenticated() || !su || su->empty()) return caller;
  // One request as a lower account; the session's stack stays as it is.
  std::optional<account::Account> target = accounts_.FindBelow(tenancy::Scope::Of(caller), *su);
  if (!target) throw PluginError(ErrorKind::kNotFound, "su", std::string(*su));
  if (!MayReach(caller, target->level)) throw PluginError(ErrorKind::kAccessDenied, "su", "users");
  // Accountable su (issue 25): the request's su_reason, required where the account asks.
  const std::string reason(request.GetOr("su_reason", ""));
  if (base::Utf8Length(reason) > 255)
    throw PluginError(ErrorKind::kInvalidValue, "su_reason", "", "at most 255 characters");
  if (reason.empty() && store_.SuReasonRequired(target->id)) {
    throw PluginError(ErrorKind::kInvalidValue, "su_reason", "",
                      "this account asks for a reason from whoever logs in as it");
  }
  caller.su_reason = reason;
  if (const std::optional<identity::ActiveGrant> grant = ConsentFor(caller, target->id))
    caller.su_grant = grant->id;
  caller.account_id = target->id;
  caller.account = target->name;
  caller.account_path = target->tree_path;
  caller.level = static_cast<core::AccessLevel>(target->level);
  caller.denied_groups.reset();  // the target's, read by the dispatcher when it needs them
  return caller;
}

core::Caller Authenticator::IdentifyCredentials(const core::Request& request, bool as_seen) {
  if (auto authinfo = request.Get("authinfo")) {
    const auto colon = authinfo->find(':');
    if (colon == std::string_view::npos) throw PluginError(ErrorKind::kAuth, "badpassword");
    // A token works wherever a password does, so billing modules need no change.
    if (authinfo->substr(colon + 1).starts_with(identity::kTokenPrefix))
      return CheckToken(authinfo->substr(0, colon), authinfo->substr(colon + 1), request);
    identity::LoginRecord login =
        CheckPassword(authinfo->substr(0, colon), authinfo->substr(colon + 1), request);
    // authinfo is stateless: the code comes with it (automation uses tokens instead).
    if (login.totp_enabled) {
      std::optional<std::string_view> code = request.Get("totp");
      if (!code || code->empty()) Fail(login.name, request, "totp_required");
      CheckSecondFactor(login, *code, request);
    }
    return CallerFor(login, AuthMethod::kAuthinfo);
  }
  if (std::optional<std::string_view> bearer = request.BearerToken())
    return CheckToken(std::nullopt, *bearer, request);
  AuthMethod method = AuthMethod::kSessionParam;
  std::optional<std::string_view> token = request.Get("auth");
  if (!token) {
    token = request.Cookie(kSessionCookie);
    method = AuthMethod::kSessionCookie;
  }
  core::Caller caller;
  if (!token) return caller;
  std::optional<identity::SessionRecord> session;
  if (as_seen) session = store_.SessionAsSeen(*token, session_policy());
  if (!session) session = store_.FindSession(*token, session_policy());
  if (!session) {
    caller.session_rejected = true;
    return caller;
  }
  if (session->needs_touch) store_.TouchSession(*token);
  caller = CallerFor(session->login, method);
  // A su past its time limit ends by itself: the session acts as its own login again.
  if (session->su_over) {
    store_.SetSuStack(*token, "", 0, identity::SuTerms{});
    session->effective_account_id = 0;
    LOG_INFO("su of " << session->login.name << " ended at its time limit");
  }
  if (session->effective_account_id != 0) {
    caller.account_id = session->effective_account_id;
    caller.account = session->effective_account;
    caller.account_path = session->effective_path;
    caller.level = static_cast<core::AccessLevel>(session->effective_level);
    caller.su_stack = session->su_stack;
    caller.su_reason = session->su_reason;
    caller.su_grant = session->su_grant_id;
    caller.denied_groups = SplitGroups(session->effective_denied_groups);
  }
  caller.session_token = std::string(*token);
  caller.csrf_token = session->csrf_token;
  caller.saved_filters = std::move(session->saved_filters);
  return caller;
}

std::optional<identity::ActiveGrant> Authenticator::ConsentFor(const core::Caller& caller,
                                                               long long account_id) {
  if (!grants_.ConsentRequired(account_id)) return std::nullopt;
  std::optional<identity::ActiveGrant> grant = grants_.Active(account_id, caller.account_id);
  if (!grant) {
    throw PluginError(ErrorKind::kAccessDenied, "grant", "",
                      "this account lets nobody log in as it without its consent: ask for it "
                      "(access.request) and wait for its owner's grant");
  }
  grants_.Used(grant->id);
  return grant;
}

identity::ThrottlePolicy Authenticator::throttle_policy() const {
  return {config_.throttle_window_seconds, config_.throttle_login_max, config_.throttle_ip_max};
}

void Authenticator::CountAttempt(const std::string& name, const core::Request& request,
                                 identity::Throttle kind) {
  if (!store_.BeginAttempt(kind, name, request.remote_addr(), throttle_policy()))
    Fail(name, request, "throttled");
}

void Authenticator::Reject(const std::string& name, const core::Request& request,
                           const char* outcome, identity::Throttle kind) {
  store_.FailAttempt(kind, name, request.remote_addr());
  Fail(name, request, outcome);
}

void Authenticator::Fail(const std::string& name, const core::Request& request,
                         const char* outcome) {
  audit_.Append({name, "", request.remote_addr(), std::string(request.func()), name, outcome, ""});
  throw PluginError(ErrorKind::kAuth, outcome);
}

identity::LoginRecord Authenticator::CheckPassword(std::string_view username,
                                                   std::string_view password,
                                                   const core::Request& request) {
  const std::string name = RecordedName(username);
  std::optional<identity::LoginRecord> login;
  if (CanBeLoginName(username)) {
    std::optional<identity::LoginCheck> found =
        store_.FindLoginForCheck(username, request.remote_addr(), throttle_policy());
    if (found) {
      login = std::move(found->login);
      // This worker verified this very password against the login's current hash before: no
      // hash to compute, and nothing to count while the login and the address have attempts
      // left. A throttled one goes the long way, or the cache would let guesses past the limit.
      // A login with a second factor keeps its failures until its code is right (issue 20).
      if (!found->throttled && verified_.Contains(login->id, login->password_hash, password)) {
        if (found->has_failures && !login->totp_enabled) store_.ForgetFailures(name);
        return *login;
      }
    }
  }
  CountAttempt(name, request);
  if (!CanBeLoginName(username)) Reject(name, request, "badpassword");
  if (!login) {
    // A suspended account's login that gives its right password learns why it cannot come in:
    // only someone who holds the password learns it, and its owner needs to know whom to ask.
    // Anything else costs the same hash computation and reads as a bad password, so names
    // cannot be probed.
    std::optional<std::string> suspended = store_.SuspendedLoginHash(username);
    if (util::VerifyPassword(password, suspended ? *suspended : util::DummyPasswordHash()) &&
        suspended) {
      store_.EndAttempt(identity::Throttle::kPassword, name, request.remote_addr(), true);
      Fail(name, request, "suspended");
    }
    Reject(name, request, "badpassword");
  }
  if (!util::VerifyPassword(password, login->password_hash)) Reject(name, request, "badpassword");
  verified_.Remember(login->id, login->password_hash, password);
  // The password step is not forgiven while a code must follow: only a right code clears the
  // login's failures (issue 20), so the per-login limit holds across both steps.
  store_.EndAttempt(identity::Throttle::kPassword, name, request.remote_addr(),
                    !login->totp_enabled);
  return *login;
}

core::Caller Authenticator::CheckToken(std::optional<std::string_view> username,
                                       std::string_view token, const core::Request& request) {
  const std::string name = RecordedName(username.value_or("token"));
  std::optional<identity::TokenRecord> found = store_.FindToken(token);
  if (!found || (username && *username != found->login.name)) {
    CountAttempt(name, request);
    Reject(name, request, "badpassword");
  }
  if (found->needs_touch) store_.TouchToken(found->id);
  core::Caller caller = CallerFor(found->login, AuthMethod::kToken);
  caller.must_enrol_totp = false;  // a token is a credential of its own
  core::Rights scope = found->rights.empty()
                           ? core::Rights::All()
                           : core::Rights::Parse(found->rights).value_or(core::Rights());
  if (found->read_only) scope = scope.ReadOnly();
  caller.permissions.token = scope;
  caller.permissions.token_name = found->name;
  caller.permissions.token_ips = found->allowed_ips;
  return caller;
}

bool Authenticator::MayReach(const core::Caller& caller, int level) {
  if (!caller.permissions.Allows("login_as", core::Action::kEdit)) return false;
  if (level >= static_cast<int>(core::AccessLevel::kReseller))
    return caller.permissions.Allows("resellers", core::Action::kRead);
  return accounts_.Allows(caller, "users") &&
         caller.permissions.Allows("users", core::Action::kRead);
}

void Authenticator::CheckAddress(const core::Caller& caller, const core::Request& request) {
  const core::Permissions& p = caller.permissions;
  const std::string& address = request.remote_addr();
  if (core::IpListAllows(p.company_ips, address) && core::IpListAllows(p.login_ips, address) &&
      core::IpListAllows(p.token_ips, address))
    return;
  audit_.Append({caller.login, caller.account, address, std::string(request.func()), caller.login,
                 "ip_refused", p.token_name.empty() ? "" : "via_token=" + p.token_name});
  throw PluginError(ErrorKind::kAccessDenied, "ip", address);
}

bool Authenticator::CheckCurrentPassword(const identity::LoginRecord& login,
                                         std::string_view password, const core::Request& request) {
  CountAttempt(login.name, request);
  if (!util::VerifyPassword(password, login.password_hash)) {
    store_.FailAttempt(identity::Throttle::kPassword, login.name, request.remote_addr());
    audit_.Append({login.name, login.account_name, request.remote_addr(),
                   std::string(request.func()), login.name, "badpassword", ""});
    return false;
  }
  store_.EndAttempt(identity::Throttle::kPassword, login.name, request.remote_addr(),
                    !login.totp_enabled);
  return true;
}

// Codes are counted per login on a counter of their own (Throttle::kSecondFactor), which only a
// right code resets: a right password does not (issue 20: 200 codes from 200 addresses).
void Authenticator::CheckSecondFactor(const identity::LoginRecord& login, std::string_view code,
                                      const core::Request& request) {
  CountAttempt(login.name, request, identity::Throttle::kSecondFactor);
  const identity::TotpState totp = store_.Totp(login.id);
  bool good = false;
  if (totp.enabled) {
    if (std::optional<std::uint64_t> step =
            util::MatchTotp(totp.secret, code, static_cast<std::int64_t>(std::time(nullptr)))) {
      good = store_.UseTotpStep(login.id, *step);  // each code once
    } else if (code.size() >= 8 && code.size() <= 32) {
      good = store_.UseRecoveryCode(login.id, util::Sha256(code));
    }
  }
  if (!good) Reject(login.name, request, "totp", identity::Throttle::kSecondFactor);
  store_.EndAttempt(identity::Throttle::kSecondFactor, login.name, request.remote_addr(), true);
  store_.ForgetFailures(login.name);  // the password step's, kept until now
}

identity::LoginRecord Authenticator::CheckChallenge(std::string_view challenge,
                                                    std::string_view code,
                                                    const core::Request& request) {
  std::optional<identity::LoginRecord> login = store_.ChallengeLogin(challenge);
  if (!login) {
    CountAttempt("challenge", request);
    Reject("challenge", request, "challenge");
  }
  CheckSecondFactor(*login, code, request);
  store_.DeleteChallenge(challenge);
  return *login;
}

void Authenticator::AskSecondFactor(const identity::LoginRecord& login,
                                    const core::Request& request) {
  const std::string challenge = store_.CreateChallenge(login.id);
  audit_.Append({login.name, login.account_name, request.remote_addr(), std::string(request.func()),
                 login.name, "totp_required", ""});
  throw PluginError(ErrorKind::kAuth, "totp_required", challenge);
}

identity::LoginRecord Authenticator::CheckKey(std::string_view username, std::string_view key,
                                              const core::Request& request) {
  const std::string name = RecordedName(username);
  CountAttempt(name, request);
  if (!CanBeLoginName(username)) Reject(name, request, "key");
  std::optional<identity::LoginRecord> login = store_.FindLogin(username);
  if (!login || !store_.ConsumeKey(login->id, key)) Reject(name, request, "key");
  store_.EndAttempt(identity::Throttle::kPassword, name, request.remote_addr(),
                    !login->totp_enabled);
  return *login;
}

}  // namespace resellermgr::auth
