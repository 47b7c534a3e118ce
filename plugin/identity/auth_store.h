#pragma once
// Logins, sessions, one-time keys and login throttling in MySQL. The only file with their SQL is
// mysql_auth_store.cpp. One instance per worker (it uses that worker's connection).
// Tokens and keys are stored as SHA-256 only; callers pass the raw values and never log them.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/caller.h"
#include "db/connection.h"

namespace resellermgr::identity {

struct LoginRecord {
  long long id = 0;
  std::string name;
  long long account_id = 0;
  std::string account_name;
  int level = 0;
  std::string password_hash;
  bool force_password_change = false;
  std::string denied_groups;  // reseller.access groups denied to the account or its owner (CSV)
  std::string lang;           // the login's chosen language
  bool is_owner = true;       // the company's owner login (staff logins are not)
  // The rights of the login's permission group (canonical CSV); nullopt without a group.
  std::optional<std::string> group_rights;
  std::string login_ips, company_ips;  // address locks, normalised; empty: any address
  bool totp_enabled = false;           // a second factor is needed after the password
  bool totp_required = false;          // its company or level requires one (it must enrol first)
  std::string account_path;            // the account's tree path
};

// What an attempt is counted as (auth_failure's scopes): a password or one-time key, a second
// factor's code (its own counter per login, reset only by a right code), a password-reset
// request (its own counters, so resets never throttle logins).
enum class Throttle { kPassword, kSecondFactor, kReset };

// A login's second factor.
struct TotpState {
  bool enabled = false;
  std::string secret;   // when enabled
  std::string pending;  // a secret shown by totp.setup, not confirmed yet
};

// A login as a password check finds it.
struct LoginCheck {
  LoginRecord login;
  bool throttled = false;     // its name or the client's address has no attempt left in the window
  bool has_failures = false;  // its name has failed attempts in the window
};

struct SessionRecord {
  LoginRecord login;  // password_hash left empty
  std::string csrf_token;
  bool needs_touch = false;   // last_seen is old enough to be worth an UPDATE
  std::string su_stack;       // comma-separated account ids, last = acted as; empty without su
  std::string su_reason;      // why the login acts as another account (issue 25), or ""
  bool su_over = false;       // the su's time limit has passed: it acts as itself again
  long long su_grant_id = 0;  // the support-access grant the su is under, or 0
  long long effective_account_id = 0;
  std::string effective_account;
  int effective_level = 0;
  std::string effective_path;
  std::string effective_denied_groups;   // likewise for the account acted as (CSV)
  core::SavedListFilters saved_filters;  // the login's, for "reseller" and "user"
};

// API tokens are "rmt_" and 64 hex digits (256 random bits); only SHA-256 of them is stored.
inline constexpr std::string_view kTokenPrefix = "rmt_";

// A live API token as authentication finds it, with its login.
struct TokenRecord {
  LoginRecord login;  // password_hash left empty
  long long id = 0;
  std::string name;
  std::string rights;  // canonical rights CSV; empty: every right of the login
  bool read_only = false;
  std::string allowed_ips;
  bool needs_touch = false;  // last_used_at is old enough to be worth an UPDATE
};

struct NewSession {
  std::string token;  // the raw session id: returned to the client once, never stored
  std::string csrf_token;
};

// Login attempts allowed per login name and per client address within a window.
struct ThrottlePolicy {
  int window_seconds;
  int login_max;
  int ip_max;
};

// Whose sessions a session list shows and ends: one login's, or those of every login of a
// company (its owner, or the admin looking at it).
struct SessionOwner {
  long long login_id = 0;    // set for one login
  long long account_id = 0;  // else: the company's
};

// A live session as its owner sees it (never its secret).
struct SessionView {
  long long id = 0;
  std::string login, started, last_seen, ip, client;
  std::string su_chain;  // the accounts switched into, "a > b"; empty without su
  bool current = false;  // the session of the request that lists it
};

// A login attempt from the audit log: password, key or second-factor logins and their failures.
struct LoginEvent {
  std::string at, login, ip, outcome, method;
};

struct SessionPolicy {
  int idle_seconds;
  int lifetime_seconds;
  // last_seen is refreshed only when older than this, so most requests do not write.
  int touch_after_seconds() const { return idle_seconds / 10 < 60 ? idle_seconds / 10 : 60; }
};

// Why and for how long a session acts as another account (su): a reason ("" for none) and a
// time limit in minutes (0: none).
struct SuTerms {
  std::string reason;
  int minutes = 0;
  long long grant_id = 0;  // the support-access grant it is opened under (issue 25), or 0
};

class MySqlAuthStore {
 public:
  explicit MySqlAuthStore(db::Connection& connection) : connection_(connection) {}

  // An enabled login of a live, unsuspended account, or nullopt.
  std::optional<LoginRecord> FindLogin(std::string_view name);
  // FindLogin plus whether the login or `ip` is out of attempts (read, not counted).
  std::optional<LoginCheck> FindLoginForCheck(std::string_view name, std::string_view ip,
                                              const ThrottlePolicy& policy);
  // The password hash of an enabled login whose live account is suspended, or nullopt.
  std::optional<std::string> SuspendedLoginHash(std::string_view name);

  // `su_stack` / `effective_account_id` start the session already switched (su with authinfo).
  // `client` is the request's client text (Request::client).
  NewSession CreateSession(long long login_id, std::string_view ip, std::string_view client,
                           const SessionPolicy& policy, const std::string& su_stack = {},
                           long long effective_account_id = 0, const SuTerms& terms = {});
  // Replaces the session's su stack; effective_account_id 0 returns to the login's own account.
  // `terms` replace the su's reason and limit; nullopt keeps them (su.back to a level above).
  void SetSuStack(std::string_view token, const std::string& su_stack,
                  long long effective_account_id, const std::optional<SuTerms>& terms);
  // Whether account `account_id` asks for a reason from whoever logs in as it.
  bool SuReasonRequired(long long account_id);
  // The session if it exists, is within its lifetime and was used within the idle timeout.
  std::optional<SessionRecord> FindSession(std::string_view token, const SessionPolicy& policy);
  // The session as this worker last found it, without a statement, with the question whether it
  // still reads so put on the connection (db::CarriedCheck) for the request's read to carry;
  // nullopt when this worker has not seen it, or saw it in need of a touch or past its su's limit
  // (the caller then finds it the long way, FindSession, which remembers what it finds).
  std::optional<SessionRecord> SessionAsSeen(std::string_view token, const SessionPolicy& policy);
  void TouchSession(std::string_view token);
  bool DeleteSession(std::string_view token);

  // Session lists (mysql_session_list.cpp). The live sessions of `owner`, most recently used
  // first; `current_token` marks the caller's own.
  std::vector<SessionView> Sessions(const SessionOwner& owner, std::string_view current_token,
                                    const SessionPolicy& policy);
  // Ends the sessions `ids`, all of them `owner`'s, or none: PluginError(kNotFound, "elid")
  // names the first that is not (so another's cannot be told from one that never was).
  void EndSessions(const SessionOwner& owner, const std::vector<long long>& ids);
  // Ends every session of `owner` but `keep_token`'s; returns how many.
  int EndOtherSessions(const SessionOwner& owner, std::string_view keep_token);
  // The owner's most recent login attempts, successful or not, newest first.
  std::vector<LoginEvent> LoginHistory(const SessionOwner& owner, int limit);

  // The unexpired token whose secret is `token`, of an enabled login of a live, unsuspended
  // account, or nullopt.
  std::optional<TokenRecord> FindToken(std::string_view token);
  void TouchToken(long long token_id);

  // Second factor. UseTotpStep takes a matched time step once: false when that step (or a
  // later one) was used already, so a code works once.
  TotpState Totp(long long login_id);
  void SetPendingTotp(long long login_id, const std::string& secret);
  // The pending secret becomes the login's; `recovery_hashes` replace its recovery codes.
  void EnableTotp(long long login_id, const std::vector<std::string>& recovery_hashes);
  void DisableTotp(long long login_id);
  bool UseTotpStep(long long login_id, std::uint64_t step);
  bool UseRecoveryCode(long long login_id, const std::string& code_hash);
  // A password login waiting for its code: a random id (returned raw once, stored hashed), good
  // for a few minutes. ChallengeLogin does not consume it; DeleteChallenge does.
  std::string CreateChallenge(long long login_id);
  std::optional<LoginRecord> ChallengeLogin(std::string_view challenge);
  void DeleteChallenge(std::string_view challenge);
  // totp.policy: the levels whose logins must use a second factor. Setting them leaves the
  // accounts' copy (account.totp_required) to the account store (RefreshTotpRequired), in the
  // same transaction.
  std::vector<int> TotpRequiredLevels();
  void SetTotpRequiredLevels(const std::vector<int>& levels);

  // Stores a one-time key for `login_id` (replacing the same key if it was issued before).
  void PutKey(long long login_id, std::string_view key, int ttl_seconds, long long created_by);
  // Deletes the key if it is valid for `login_id`; true when it was (so each key works once).
  bool ConsumeKey(long long login_id, std::string_view key);

  // Starts an attempt of `kind` for `subject` (a login name) and for `ip`, atomically, before
  // its credentials are checked; false when either count, with this attempt, is past its limit
  // in the window (the attempt is then not checked, and not counted). Every started attempt is
  // settled by FailAttempt or EndAttempt; one whose request died stops counting after 30 s.
  bool BeginAttempt(Throttle kind, std::string_view subject, std::string_view ip,
                    const ThrottlePolicy& policy);
  // Wrong credentials: the attempt stays counted as a failure for the window.
  void FailAttempt(Throttle kind, std::string_view subject, std::string_view ip);
  // Right credentials: the attempt is taken back; `forget_failures` also clears the subject's
  // failures (a password login with no second factor to follow, a right second factor).
  void EndAttempt(Throttle kind, std::string_view subject, std::string_view ip,
                  bool forget_failures);
  // After good credentials that were not counted (a remembered password): forgets the login's
  // failed attempts, as any success does.
  void ForgetFailures(std::string_view login);

  // usrparam: the login's language, and a new password that clears the forced-change flag and
  // ends the login's other sessions (`keep_token` stays valid).
  std::string Language(long long login_id);
  void SetLanguage(long long login_id, const std::string& lang);
  void ChangeOwnPassword(long long login_id, const std::string& password_hash,
                         std::string_view keep_token);

  // Administration (resellerctl): the owner login of an admin account the account store made
  // (MySqlAccountStore::CreateAdmin), in the caller's transaction; PluginError(kExists) for a
  // taken name. Returns the login's id.
  long long CreateAdminLogin(long long account_id, std::string_view name,
                             const std::string& password_hash);
  bool SetPassword(std::string_view login_name, const std::string& password_hash);

 private:
  // The sessions this worker found (by token hash), with the copy each carried (identity).
  struct SeenSession {
    SessionRecord record;
    std::string identity;
  };
  void Remember(const std::string& hash, const SessionRecord& record, std::string identity);

  db::Connection& connection_;
  std::unordered_map<std::string, std::shared_ptr<const SeenSession>> seen_;
};

// What handlers ask for (deps.Get<AuthStore>()); the MySQL store is the only one.
using AuthStore = MySqlAuthStore;

}  // namespace resellermgr::identity
