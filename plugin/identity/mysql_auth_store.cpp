// Logins, sessions, one-time keys, attempt throttling and passwords in MySQL; the two-factor
// state is in mysql_auth_totp.cpp, the login columns both read in mysql_auth_rows.h.

#include <cppconn/exception.h>

#include <charconv>

#include "base/errors.h"
#include "core/caller.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "identity/auth_store.h"
#include "identity/mysql_auth_rows.h"
#include "identity/saved_filters.h"
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

constexpr char kInsertSession[] = R"sql(
    INSERT INTO session (id_hash, login_id, csrf_token, ip, created_at, last_seen, expires_at,
                         su_stack, effective_account_id, client, su_reason, su_until,
                         su_grant_id)
    VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6),
            UTC_TIMESTAMP(6) + INTERVAL ? SECOND, ?, NULLIF(?, 0), ?, ?,
            IF(? > 0, UTC_TIMESTAMP(6) + INTERVAL ? MINUTE, NULL), NULLIF(?, 0)))sql";
constexpr char kSetSuStack[] = R"sql(
    UPDATE session SET su_stack = ?, effective_account_id = NULLIF(?, 0),
      su_reason = IF(?, ?, su_reason),
      su_until = IF(?, IF(? > 0, UTC_TIMESTAMP(6) + INTERVAL ? MINUTE, NULL), su_until),
      su_grant_id = IF(?, NULLIF(?, 0), su_grant_id)
    WHERE id_hash = ?)sql";
constexpr char kSuReasonRequired[] = "SELECT su_reason_required FROM account WHERE id = ?";
constexpr auto kSuReasonRequiredColumns = db::Columns::Of(kSuReasonRequired);
// Bounded, so a login never pays for a big backlog; every login sweeps a little.
constexpr char kPurgeSessions[] = R"sql(
    DELETE FROM session
    WHERE expires_at < UTC_TIMESTAMP(6) OR last_seen < UTC_TIMESTAMP(6) - INTERVAL ? SECOND
    LIMIT 100)sql";
// One statement per request, one row: the session with the copy it carries of its login and
// accounts (session_identity.h), as few columns as identification needs (the connector
// upper-cases every column name of every result, and the server sends each in its metadata).
constexpr char kFindSession[] = R"sql(
    SELECT s.login_id, s.identity, s.csrf_token, s.last_seen < UTC_TIMESTAMP(6) - INTERVAL ? SECOND AS stale,
           s.su_stack, s.su_reason, COALESCE(s.su_grant_id, 0) AS su_grant,
           s.su_until IS NOT NULL AND s.su_until <= UTC_TIMESTAMP(6) AS su_over
    FROM session s
    WHERE s.id_hash = ? AND s.expires_at > UTC_TIMESTAMP(6)
      AND s.last_seen > UTC_TIMESTAMP(6) - INTERVAL ? SECOND)sql";
constexpr auto kFindSessionColumns = db::Columns::Of(kFindSession);
constexpr char kTouchSession[] =
    "UPDATE session SET last_seen = UTC_TIMESTAMP(6) WHERE id_hash = ?";
constexpr char kDeleteSession[] = "DELETE FROM session WHERE id_hash = ?";

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

NewSession MySqlAuthStore::CreateSession(long long login_id, std::string_view ip,
                                         std::string_view client, const SessionPolicy& policy,
                                         const std::string& su_stack,
                                         long long effective_account_id, const SuTerms& terms) {
  NewSession session{util::RandomToken(), util::RandomToken()};
  db::Transaction tx(connection_);
  db::Query(connection_, kPurgeSessions, policy.idle_seconds).executeUpdate();
  sql::PreparedStatement& insert = connection_.Prepare(kInsertSession);
  BindHash(insert, 1, TokenHash(session.token));
  insert.setInt64(2, login_id);
  insert.setString(3, session.csrf_token);
  insert.setString(4, std::string(ip));
  insert.setInt(5, policy.lifetime_seconds);
  insert.setString(6, su_stack);
  insert.setInt64(7, effective_account_id);
  insert.setString(8, std::string(client));
  insert.setString(9, terms.reason);
  insert.setInt(10, terms.minutes);
  insert.setInt(11, terms.minutes);
  insert.setInt64(12, terms.grant_id);
  insert.executeUpdate();
  SessionCopies(connection_).OfSession(TokenHash(session.token));
  tx.Commit();
  return session;
}

std::optional<SessionRecord> MySqlAuthStore::FindSession(std::string_view token,
                                                         const SessionPolicy& policy) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const std::string hash = TokenHash(token);
  for (int attempt = 0; attempt < 2; ++attempt) {
    sql::PreparedStatement& find = connection_.Prepare(kFindSession);
    find.setInt(1, policy.touch_after_seconds());
    BindHash(find, 2, hash);
    find.setInt(3, policy.idle_seconds);
    auto rows = db::Select(find);
    if (!rows->next()) return std::nullopt;
    constexpr const db::Columns& kColumns = kFindSessionColumns;
    const std::string identity = rows->isNull(kColumns["identity"])
                                     ? std::string()
                                     : std::string(rows->getString(kColumns["identity"]));
    const std::optional<IdentityFields> fields = DecodeIdentity(identity);
    if (!fields) {
      // A session older than its copy (opened before sql/063): filled once, then read again.
      if (attempt == 0) SessionCopies(connection_).OfSession(hash);
      continue;
    }
    const auto field = [&](IdentityField f) {
      return (*fields)[static_cast<std::size_t>(f)].value_or(std::string_view());
    };
    const auto number = [&](IdentityField f) {
      long long value = 0;
      const std::string_view text = field(f);
      std::from_chars(text.data(), text.data() + text.size(), value);
      return value;
    };
    if (number(IdentityField::kLive) != 1) return std::nullopt;  // disabled, suspended, deleted
    SessionRecord record;
    LoginRecord& login = record.login;  // the password hash is not read
    login.id = rows->getInt64(kColumns["login_id"]);
    login.name = field(IdentityField::kLoginName);
    login.account_id = number(IdentityField::kAccountId);
    login.account_name = field(IdentityField::kAccountName);
    login.level = static_cast<int>(number(IdentityField::kLevel));
    login.force_password_change = number(IdentityField::kForcePasswordChange) != 0;
    login.denied_groups = field(IdentityField::kDeniedGroups);
    login.lang = field(IdentityField::kLang);
    login.is_owner = number(IdentityField::kIsOwner) != 0;
    if (const auto rights = (*fields)[static_cast<std::size_t>(IdentityField::kRights)])
      login.group_rights = std::string(*rights);
    login.login_ips = field(IdentityField::kLoginIps);
    login.company_ips = field(IdentityField::kCompanyIps);
    login.totp_enabled = number(IdentityField::kTotpEnabled) != 0;
    login.totp_required = number(IdentityField::kTotpRequired) != 0;
    login.account_path = field(IdentityField::kTreePath);
    record.csrf_token = rows->getString(kColumns["csrf_token"]);
    record.needs_touch = rows->getBoolean(kColumns["stale"]);
    record.su_stack = rows->getString(kColumns["su_stack"]);
    record.su_reason = rows->getString(kColumns["su_reason"]);
    record.su_grant_id = rows->getInt64(kColumns["su_grant"]);
    record.su_over = rows->getBoolean(kColumns["su_over"]);
    record.effective_account_id = number(IdentityField::kEffectiveId);
    record.effective_account = field(IdentityField::kEffectiveName);
    record.effective_level = static_cast<int>(number(IdentityField::kEffectiveLevel));
    record.effective_denied_groups = field(IdentityField::kEffectiveDeniedGroups);
    record.saved_filters = ParseSavedFilters(std::string(field(IdentityField::kListFilters)));
    record.effective_path = field(IdentityField::kEffectivePath);
    return record;
  }
  return std::nullopt;
}

void MySqlAuthStore::SetSuStack(std::string_view token, const std::string& su_stack,
                                long long effective_account_id,
                                const std::optional<SuTerms>& terms) {
  db::Transaction tx(connection_);
  sql::PreparedStatement& update = connection_.Prepare(kSetSuStack);
  update.setString(1, su_stack);
  update.setInt64(2, effective_account_id);
  update.setBoolean(3, terms.has_value());
  update.setString(4, terms ? terms->reason : std::string());
  update.setBoolean(5, terms.has_value());
  update.setInt(6, terms ? terms->minutes : 0);
  update.setInt(7, terms ? terms->minutes : 0);
  update.setBoolean(8, terms.has_value());
  update.setInt64(9, terms ? terms->grant_id : 0);
  const std::string hash = TokenHash(token);
  BindHash(update, 10, hash);
  update.executeUpdate();
  SessionCopies(connection_).OfSession(hash);  // the account it acts as now
  tx.Commit();
}

bool MySqlAuthStore::SuReasonRequired(long long account_id) {
  auto rows = db::Select(db::Query(connection_, kSuReasonRequired, account_id));
  return rows->next() && rows->getBoolean(kSuReasonRequiredColumns["su_reason_required"]);
}

void MySqlAuthStore::TouchSession(std::string_view token) {
  sql::PreparedStatement& touch = connection_.Prepare(kTouchSession);
  BindHash(touch, 1, TokenHash(token));
  db::UpdateAlone(connection_, touch);
}

bool MySqlAuthStore::DeleteSession(std::string_view token) {
  sql::PreparedStatement& remove = connection_.Prepare(kDeleteSession);
  BindHash(remove, 1, TokenHash(token));
  return remove.executeUpdate() > 0;
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
