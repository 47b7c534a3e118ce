// Logins, one-time keys, attempt throttling and passwords in MySQL; sessions are in
// mysql_auth_sessions.cpp, the two-factor state in mysql_auth_totp.cpp, the login columns they
// read in mysql_auth_rows.h.

#include <cppconn/exception.h>

#include "base/errors.h"
#include "core/caller.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "identity/auth_store.h"
#include "identity/mysql_auth_rows.h"
#include "identity/session_identity.h"
#include "util/crypto.h"

namespace resellermgr::identity {
namespace {

using store::BindHash;
using store::ReadLogin;
using store::TokenHash;

constexpr char kFindLogin[] = "SELECT " RM_LOGIN_COLUMNS RM_LOGIN_FROM " WHERE " RM_LIVE_LOGIN;
constexpr auto kFindLoginColumns = db::Columns::Of(kFindLogin);

// The same row with the attempts counted in the window for the name and the client address, in
// one round trip: a password the worker remembers is taken only while neither is throttled.
constexpr char kFindLoginForCheck[] =
    "SELECT " RM_LOGIN_COLUMNS
    ", COALESCE(fl.failures, 0) AS login_failures, COALESCE(fi.failures, 0) AS "
    "ip_failures" RM_LOGIN_FROM
    " LEFT JOIN auth_failure fl ON fl.scope = 'login' AND fl.subject = ?"
    "   AND fl.window_start > UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
    " LEFT JOIN auth_failure fi ON fi.scope = 'ip' AND fi.subject = ?"
    "   AND fi.window_start > UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
    " WHERE " RM_LIVE_LOGIN;
constexpr auto kFindLoginForCheckColumns = db::Columns::Of(kFindLoginForCheck);

constexpr char kFindToken[] =
    "SELECT " RM_LOGIN_COLUMNS
    ", t.id AS token_id, t.name AS token_name, t.rights AS token_rights, t.read_only,"
    " t.allowed_ips AS token_ips,"
    " t.last_used_at IS NULL OR t.last_used_at < UTC_TIMESTAMP(6) - INTERVAL 60 SECOND"
    " AS needs_touch"
    " FROM api_token t JOIN login l ON l.id = t.login_id JOIN account a ON a.id = l.account_id"
    " WHERE t.token_hash = ? AND (t.expires_at IS NULL OR t.expires_at > UTC_TIMESTAMP(6))"
    " AND l.disabled = 0 AND a.deleted_at IS NULL AND a.suspended = 0";
constexpr auto kFindTokenColumns = db::Columns::Of(kFindToken);
constexpr char kTouchToken[] = "UPDATE api_token SET last_used_at = UTC_TIMESTAMP(6) WHERE id = ?";

constexpr char kSuspendedLoginHash[] = R"sql(
    SELECT l.password_hash FROM login l JOIN account a ON a.id = l.account_id
    WHERE l.name = ? AND l.disabled = 0 AND a.deleted_at IS NULL AND a.suspended = 1)sql";
constexpr auto kSuspendedLoginHashColumns = db::Columns::Of(kSuspendedLoginHash);

constexpr char kPutKey[] = R"sql(
    REPLACE INTO auth_key (key_hash, login_id, created_by, expires_at)
    VALUES (?, ?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND))sql";
constexpr char kConsumeKey[] = R"sql(
    DELETE FROM auth_key WHERE key_hash = ? AND login_id = ? AND expires_at > UTC_TIMESTAMP(6))sql";
constexpr char kPurgeKeys[] = "DELETE FROM auth_key WHERE expires_at < UTC_TIMESTAMP(6) LIMIT 100";

// Every attempt is counted before its credentials are checked (`pending`), so parallel attempts
// cannot all read a count under the limit; once checked it is settled: a failure moves it to
// `failures` (kept for the window), a success or a refusal by the throttle itself takes it back.
// An attempt whose request died before it was settled is pending for at most kPendingSeconds
// after its batch began: counts no failure followed lock nobody out for long (issue 20). An
// attempt outside the window starts a new window; assignments read the columns' old values in
// order (failures before window_start, pending before pending_at). Rows are locked subject
// first, then address: no two statements wait on each other in a cycle.
#define RM_PENDING_SECONDS "30"
constexpr char kBeginAttempt[] = R"sql(
    INSERT INTO auth_failure (scope, subject, failures, window_start, pending, pending_at)
    VALUES (?, ?, 0, UTC_TIMESTAMP(6), 1, UTC_TIMESTAMP(6)),
           (?, ?, 0, UTC_TIMESTAMP(6), 1, UTC_TIMESTAMP(6))
    ON DUPLICATE KEY UPDATE
      failures = IF(window_start > UTC_TIMESTAMP(6) - INTERVAL ? SECOND, failures, 0),
      window_start = IF(window_start > UTC_TIMESTAMP(6) - INTERVAL ? SECOND, window_start,
                        UTC_TIMESTAMP(6)),
      pending = IF(pending > 0 AND pending_at > UTC_TIMESTAMP(6) - INTERVAL )sql" RM_PENDING_SECONDS
                                 R"sql( SECOND,
                   pending + 1, 1),
      pending_at = IF(pending > 1, pending_at, UTC_TIMESTAMP(6)))sql";
// Read after the increment: never less than this attempt's own number, so at most `max`
// attempts of a window are checked and fail.
constexpr char kReadAttempts[] = R"sql(
    SELECT scope, failures + pending AS attempts FROM auth_failure
    WHERE (scope = ? AND subject = ?) OR (scope = ? AND subject = ?))sql";
constexpr auto kReadAttemptsColumns = db::Columns::Of(kReadAttempts);
constexpr char kFailAttempt[] = R"sql(
    UPDATE auth_failure SET failures = failures + 1, pending = GREATEST(pending, 1) - 1
    WHERE (scope = ? AND subject = ?) OR (scope = ? AND subject = ?))sql";
// A success forgets the subject's failures when asked; the address keeps its own.
constexpr char kEndAttempt[] = R"sql(
    UPDATE auth_failure
       SET failures = IF(scope = ? AND ? = 1, 0, failures), pending = GREATEST(pending, 1) - 1
    WHERE (scope = ? AND subject = ?) OR (scope = ? AND subject = ?))sql";
constexpr char kForgetFailures[] =
    "UPDATE auth_failure SET failures = 0 WHERE scope = 'login' AND subject = ?";

// The two counters an attempt of each kind is counted on: the subject's and the address's.
// Password-reset requests have their own address budget, so they never throttle logins.
std::pair<const char*, const char*> ScopesOf(Throttle kind) {
  switch (kind) {
    case Throttle::kSecondFactor:
      return {"totp", "ip"};
    case Throttle::kReset:
      return {"reset", "reset_ip"};
    case Throttle::kPassword:
      break;
  }
  return {"login", "ip"};
}

constexpr char kSelectLanguage[] = "SELECT lang FROM login WHERE id = ?";
constexpr auto kSelectLanguageColumns = db::Columns::Of(kSelectLanguage);
constexpr char kSetLanguage[] = "UPDATE login SET lang = ? WHERE id = ?";
constexpr char kChangeOwnPassword[] = R"sql(
    UPDATE login SET password_hash = ?, force_password_change = 0,
                     password_changed_at = UTC_TIMESTAMP(6)
    WHERE id = ?)sql";
constexpr char kDeleteOtherSessions[] = "DELETE FROM session WHERE login_id = ? AND id_hash <> ?";

constexpr char kInsertLogin[] =
    "INSERT INTO login (account_id, name, password_hash, is_owner) VALUES (?, ?, ?, 1)";
constexpr char kSetPassword[] = R"sql(
    UPDATE login SET password_hash = ?, force_password_change = 0,
                     password_changed_at = UTC_TIMESTAMP(6)
    WHERE name = ?)sql";
constexpr char kDeleteLoginSessions[] =
    "DELETE s FROM session s JOIN login l ON l.id = s.login_id WHERE l.name = ?";

}  // namespace

std::optional<LoginRecord> MySqlAuthStore::FindLogin(std::string_view name) {
  auto rows = db::Select(db::Query(connection_, kFindLogin, name));
  if (!rows->next()) return std::nullopt;
  return ReadLogin<kFindLoginColumns>(*rows);
}

std::optional<LoginCheck> MySqlAuthStore::FindLoginForCheck(std::string_view name,
                                                            std::string_view ip,
                                                            const ThrottlePolicy& policy) {
  auto rows = db::Select(db::Query(connection_, kFindLoginForCheck, name, policy.window_seconds, ip,
                                   policy.window_seconds, name));
  if (!rows->next()) return std::nullopt;
  LoginCheck check;
  check.login = ReadLogin<kFindLoginForCheckColumns>(*rows);
  const int login_failures = rows->getInt(kFindLoginForCheckColumns["login_failures"]);
  check.throttled = login_failures >= policy.login_max ||
                    rows->getInt(kFindLoginForCheckColumns["ip_failures"]) >= policy.ip_max;
  check.has_failures = login_failures > 0;
  return check;
}

std::optional<TokenRecord> MySqlAuthStore::FindToken(std::string_view token) {
  if (!token.starts_with(kTokenPrefix) || token.size() != kTokenPrefix.size() + 64)
    return std::nullopt;
  sql::PreparedStatement& find = connection_.Prepare(kFindToken);
  BindHash(find, 1, TokenHash(token));
  auto rows = db::Select(find);
  if (!rows->next()) return std::nullopt;
  TokenRecord record;
  constexpr const db::Columns& kColumns = kFindTokenColumns;
  record.login = ReadLogin<kColumns>(*rows);
  record.login.password_hash.clear();
  record.id = rows->getInt64(kColumns["token_id"]);
  record.name = rows->getString(kColumns["token_name"]);
  record.rights = rows->getString(kColumns["token_rights"]);
  record.read_only = rows->getBoolean(kColumns["read_only"]);
  record.allowed_ips = rows->getString(kColumns["token_ips"]);
  record.needs_touch = rows->getBoolean(kColumns["needs_touch"]);
  return record;
}

void MySqlAuthStore::TouchToken(long long token_id) {
  db::UpdateAlone(connection_, db::Query(connection_, kTouchToken, token_id));
}

std::optional<std::string> MySqlAuthStore::SuspendedLoginHash(std::string_view name) {
  auto rows = db::Select(db::Query(connection_, kSuspendedLoginHash, name));
  if (!rows->next()) return std::nullopt;
  return std::string(rows->getString(kSuspendedLoginHashColumns["password_hash"]));
}

void MySqlAuthStore::PutKey(long long login_id, std::string_view key, int ttl_seconds,
                            long long created_by) {
  db::Transaction tx(connection_);
  connection_.Prepare(kPurgeKeys).executeUpdate();
  sql::PreparedStatement& put = connection_.Prepare(kPutKey);
  BindHash(put, 1, TokenHash(key));
  put.setInt64(2, login_id);
  put.setInt64(3, created_by);
  put.setInt(4, ttl_seconds);
  put.executeUpdate();
  tx.Commit();
}

bool MySqlAuthStore::ConsumeKey(long long login_id, std::string_view key) {
  sql::PreparedStatement& consume = connection_.Prepare(kConsumeKey);
  BindHash(consume, 1, TokenHash(key));
  consume.setInt64(2, login_id);
  return consume.executeUpdate() == 1;
}

bool MySqlAuthStore::BeginAttempt(Throttle kind, std::string_view subject, std::string_view ip,
                                  const ThrottlePolicy& policy) {
  const auto [subject_scope, ip_scope] = ScopesOf(kind);
  db::UpdateAlone(connection_,
                  db::Query(connection_, kBeginAttempt, subject_scope, subject, ip_scope, ip,
                            policy.window_seconds, policy.window_seconds));
  auto rows =
      db::Select(db::Query(connection_, kReadAttempts, subject_scope, subject, ip_scope, ip));
  bool within = true;
  while (rows->next()) {
    const bool is_subject = rows->getString(kReadAttemptsColumns["scope"]) == subject_scope;
    within = within && rows->getInt(kReadAttemptsColumns["attempts"]) <=
                           (is_subject ? policy.login_max : policy.ip_max);
  }
  if (!within) EndAttempt(kind, subject, ip, false);  // refused unchecked: not a failure
  return within;
}

void MySqlAuthStore::FailAttempt(Throttle kind, std::string_view subject, std::string_view ip) {
  const auto [subject_scope, ip_scope] = ScopesOf(kind);
  db::UpdateAlone(connection_,
                  db::Query(connection_, kFailAttempt, subject_scope, subject, ip_scope, ip));
}

void MySqlAuthStore::EndAttempt(Throttle kind, std::string_view subject, std::string_view ip,
                                bool forget_failures) {
  const auto [subject_scope, ip_scope] = ScopesOf(kind);
  db::UpdateAlone(connection_,
                  db::Query(connection_, kEndAttempt, subject_scope, forget_failures ? 1 : 0,
                            subject_scope, subject, ip_scope, ip));
}

void MySqlAuthStore::ForgetFailures(std::string_view login) {
  db::UpdateAlone(connection_, db::Query(connection_, kForgetFailures, login));
}

std::string MySqlAuthStore::Language(long long login_id) {
  auto rows = db::Select(db::Query(connection_, kSelectLanguage, login_id));
  return rows->next() ? std::string(rows->getString(kSelectLanguageColumns["lang"]))
                      : std::string("en");
}

void MySqlAuthStore::SetLanguage(long long login_id, const std::string& lang) {
  db::Transaction tx(connection_);
  db::Query(connection_, kSetLanguage, lang, login_id).executeUpdate();
  SessionCopies(connection_).OfLogin(login_id);
  tx.Commit();
}

void MySqlAuthStore::ChangeOwnPassword(long long login_id, const std::string& password_hash,
                                       std::string_view keep_token) {
  db::Transaction tx(connection_);
  db::Query(connection_, kChangeOwnPassword, password_hash, login_id).executeUpdate();
  sql::PreparedStatement& others = connection_.Prepare(kDeleteOtherSessions);
  others.setInt64(1, login_id);
  BindHash(others, 2, TokenHash(keep_token));
  others.executeUpdate();
  SessionCopies(connection_).OfLogin(login_id);  // no longer asked to change its password
  tx.Commit();
}

long long MySqlAuthStore::CreateAdminLogin(long long account_id, std::string_view name,
                                           const std::string& password_hash) {
  try {
    db::Query(connection_, kInsertLogin, account_id, name, password_hash).executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == 1062)
      throw base::PluginError(base::ErrorKind::kExists, "login", std::string(name));
    throw;
  }
  return connection_.LastInsertId();
}

bool MySqlAuthStore::SetPassword(std::string_view login_name, const std::string& password_hash) {
  db::Transaction tx(connection_);
  const bool changed =
      db::Query(connection_, kSetPassword, password_hash, login_name).executeUpdate() > 0;
  // A new password ends every session of that login.
  db::Query(connection_, kDeleteLoginSessions, login_name).executeUpdate();
  tx.Commit();
  return changed;
}

}  // namespace resellermgr::identity
