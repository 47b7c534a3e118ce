#pragma once
// Turns a request's credentials into a Caller (API.md "Authentication", in this order):
// authinfo=user:pass, auth=SID, the session cookie. Password and key checks are throttled per
// login and per client address (each attempt counted before it is checked), and every failure is
// audited. Login names are compared exactly: white space around a name never matches.

#include <string_view>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/config.h"
#include "core/caller.h"
#include "core/request.h"
#include "identity/access_grants.h"
#include "identity/auth_store.h"
#include "identity/credential_cache.h"

namespace resellermgr::auth {

inline constexpr char kSessionCookie[] = "resellermgr_ses";
// The panel's login form: a random token in this cookie and in the form (login CSRF).
inline constexpr char kLoginCookie[] = "resellermgr_login";

class Authenticator {
 public:
  Authenticator(const base::Config& config, identity::MySqlAuthStore& store, audit::AuditLog& audit,
                account::MySqlAccountStore& accounts, identity::MySqlAccessGrants& grants)
      : config_(config),
        store_(store),
        audit_(audit),
        accounts_(accounts),
        grants_(grants),
        verified_(static_cast<std::size_t>(config.credential_cache_entries)) {}

  // The caller of `request`; anonymous when it carries no credentials or an unusable session.
  // A session's su stack and a one-shot su=NAME parameter make the caller act as a lower account.
  // Throws PluginError(kAuth, "badpassword" | "throttled") for bad authinfo and
  // PluginError(kNotFound, "su") for an su= target outside the caller's subtree.
  // `as_seen`: a session (auth=, the cookie) this worker found before, with no su= on the
  // request, is taken as it was found, and the question whether it still reads so is left on the
  // connection for the request's read to carry (MySqlAuthStore::SessionAsSeen).
  core::Caller Identify(const core::Request& request, bool as_seen = false);

  // Throws PluginError(kAuth, "badpassword" | "throttled"). A password this worker verified
  // before against the login's current hash is taken without counting or hashing again.
  identity::LoginRecord CheckPassword(std::string_view username, std::string_view password,
                                      const core::Request& request);
  // An API token, given with the login's name (authinfo=LOGIN:TOKEN) or alone (Bearer). A
  // wrong token is counted like a wrong password. Throws PluginError(kAuth, "badpassword" |
  // "throttled").
  core::Caller CheckToken(std::optional<std::string_view> username, std::string_view token,
                          const core::Request& request);
  // The second factor of a password login: a current TOTP code, used once, or a recovery code.
  // A wrong one is counted and audited like a wrong password: PluginError(kAuth, "totp" |
  // "throttled").
  void CheckSecondFactor(const identity::LoginRecord& login, std::string_view code,
                         const core::Request& request);
  // The login a challenge (a password login waiting for its code) was made for, after its code;
  // the challenge is used up. PluginError(kAuth, "challenge" | "totp" | "throttled").
  identity::LoginRecord CheckChallenge(std::string_view challenge, std::string_view code,
                                       const core::Request& request);
  // A password login whose second factor did not come: a challenge for it, audited, and
  // PluginError(kAuth, "totp_required", challenge) for the client to answer with the code.
  [[noreturn]] void AskSecondFactor(const identity::LoginRecord& login,
                                    const core::Request& request);

  // Consumes a one-time key. Throws PluginError(kAuth, "key" | "throttled").
  identity::LoginRecord CheckKey(std::string_view username, std::string_view key,
                                 const core::Request& request);

  // Whether `caller` may act as (su) or hand a login key to an account of `level`: the
  // login_as right (owners hold it; staff through their group), and reaching a user needs the
  // "users" function group (reseller.access) and the right to read users; reaching a reseller,
  // the right to read resellers.
  bool MayReach(const core::Caller& caller, int level);

  // Consent-based support access (issue 25 item 3): nothing when account `account_id` does not
  // ask for its consent; else the grant in force that lets the caller's account in, counted as
  // used. Throws PluginError(kAccessDenied, "grant") when there is none.
  std::optional<identity::ActiveGrant> ConsentFor(const core::Caller& caller, long long account_id);

  // The address stage: the company's, the login's and the token's address locks. Throws
  // PluginError(kAccessDenied, "ip"), audited, when the client's address is outside one.
  void CheckAddress(const core::Caller& caller, const core::Request& request);

  // usrparam: whether `password` is the current one of `login`. Counted and audited like a
  // login attempt (a stolen session must not become a way to guess the password); throws
  // PluginError(kAuth, "throttled") past the limit.
  bool CheckCurrentPassword(const identity::LoginRecord& login, std::string_view password,
                            const core::Request& request);

  identity::SessionPolicy session_policy() const {
    return {config_.session_idle_seconds, config_.session_lifetime_seconds};
  }

  static core::Caller CallerFor(const identity::LoginRecord& login, core::AuthMethod method);
  identity::ThrottlePolicy throttle_policy() const;

 private:
  core::Caller IdentifyCredentials(const core::Request& request, bool as_seen);
  // Starts an attempt for `name` and the client address before anything is checked; throws
  // PluginError(kAuth, "throttled") (audited, not counted) when either is past its limit.
  // Every started attempt ends in Reject (a failure) or store_.EndAttempt (right credentials).
  void CountAttempt(const std::string& name, const core::Request& request,
                    identity::Throttle kind = identity::Throttle::kPassword);
  // Settles the started attempt as a failure, audits it and throws PluginError(kAuth, outcome).
  [[noreturn]] void Reject(const std::string& name, const core::Request& request,
                           const char* outcome,
                           identity::Throttle kind = identity::Throttle::kPassword);
  // Audits the refused attempt and throws PluginError(kAuth, outcome).
  [[noreturn]] void Fail(const std::string& name, const core::Request& request,
                         const char* outcome);

  const base::Config& config_;
  identity::MySqlAuthStore& store_;
  audit::AuditLog& audit_;
  account::MySqlAccountStore& accounts_;
  identity::MySqlAccessGrants& grants_;
  identity::CredentialCache
      verified_;  // passwords this worker has verified (authinfo= on every call)
};

}  // namespace resellermgr::auth
