#include <cppconn/exception.h>

#include <nlohmann/json.hpp>

#include "auth/auth_store.h"
#include "core/errors.h"
#include "db/transaction.h"
#include "util/crypto.h"

namespace resellermgr::auth {
namespace {

// account.denied_groups: the groups reseller.access denies to the account or to its owner (kept
// by the account store), read with the login so the dispatcher's check costs no statement.
// The session query reads the login's saved list filters (login.list_filters) the same way.
// Columns 1-9 of a login lookup (ReadLogin).
// Columns 10-16 are what Permissions are built from: owner or not, the group's rights (NULL
// without a group) and the login's and the company's address locks.
#define RM_LOGIN_COLUMNS                                                            \
  "l.id, l.name, a.id, a.name, a.level, l.password_hash, l.force_password_change, " \
  "a.denied_groups, l.lang, l.is_owner, l.rights, l.allowed_ips, a.allowed_ips, "   \
  "l.totp_enabled, a.totp_required, a.tree_path"
#define RM_LOGIN_FROM " FROM login l JOIN account a ON a.id = l.account_id"
#define RM_LIVE_LOGIN "l.name = ? AND l.disabled = 0 AND a.deleted_at IS NULL AND a.suspended = 0"
constexpr char kFindLogin[] = "SELECT " RM_LOGIN_COLUMNS RM_LOGIN_FROM " WHERE " RM_LIVE_LOGIN;

// The same row with the attempts counted in the window for the name and the client address, in
// one round trip: a password the worker remembers is taken only while neither is throttled.
constexpr char kFindLoginForCheck[] =
    "SELECT " RM_LOGIN_COLUMNS ", COALESCE(fl.failures, 0), COALESCE(fi.failures, 0)" RM_LOGIN_FROM
    " LEFT JOIN auth_failure fl ON fl.scope = 'login' AND fl.subject = ?"
    "   AND fl.window_start > UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
    " LEFT JOIN auth_failure fi ON fi.scope = 'ip' AND fi.subject = ?"
    "   AND fi.window_start > UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
    " WHERE " RM_LIVE_LOGIN;

constexpr char kFindToken[] =
    "SELECT " RM_LOGIN_COLUMNS
    ", t.id, t.name, t.rights, t.read_only, t.allowed_ips,"
    " t.last_used_at IS NULL OR t.last_used_at < UTC_TIMESTAMP(6) - INTERVAL 60 SECOND"
    " FROM api_token t JOIN login l ON l.id = t.login_id JOIN account a ON a.id = l.account_id"
    " WHERE t.token_hash = ? AND (t.expires_at IS NULL OR t.expires_at > UTC_TIMESTAMP(6))"
    " AND l.disabled = 0 AND a.deleted_at IS NULL AND a.suspended = 0";
constexpr char kTouchToken[] = "UPDATE api_token SET last_used_at = UTC_TIMESTAMP(6) WHERE id = ?";

constexpr char kTotp[] =
    "SELECT totp_enabled, COALESCE(totp_secret, ''), COALESCE(totp_pending, '') FROM login "
    "WHERE id = ?";
constexpr char kSetPendingTotp[] = "UPDATE login SET totp_pending = ? WHERE id = ?";
constexpr char kEnableTotp[] = R"sql(
    UPDATE login SET totp_secret = totp_pending, totp_pending = NULL, totp_enabled = 1
    WHERE id = ? AND totp_pending IS NOT NULL)sql";
constexpr char kDisableTotp[] = R"sql(
    UPDATE login SET totp_secret = NULL, totp_pending = NULL, totp_enabled = 0 WHERE id = ?)sql";
constexpr char kClearRecovery[] = "DELETE FROM totp_recovery WHERE login_id = ?";
constexpr char kAddRecovery[] = "INSERT INTO totp_recovery (login_id, code_hash) VALUES (?, ?)";
constexpr char kUseRecovery[] = "DELETE FROM totp_recovery WHERE login_id = ? AND code_hash = ?";
// Atomic: of two requests with the same code, one moves the step and the other finds it moved.
constexpr char kUseTotpStep[] =
    "UPDATE login SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?";
constexpr char kInsertChallenge[] = R"sql(
    INSERT INTO login_challenge (id_hash, login_id, expires_at)
    VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL 300 SECOND))sql";
constexpr char kPurgeChallenges[] =
    "DELETE FROM login_challenge WHERE expires_at < UTC_TIMESTAMP(6) LIMIT 100";
constexpr char kChallengeLogin[] =
    "SELECT " RM_LOGIN_COLUMNS RM_LOGIN_FROM
    " JOIN login_challenge c ON c.login_id = l.id"
    " WHERE c.id_hash = ? AND c.expires_at > UTC_TIMESTAMP(6)"
    " AND l.disabled = 0 AND a.deleted_at IS NULL AND a.suspended = 0";
constexpr char kDeleteChallenge[] = "DELETE FROM login_challenge WHERE id_hash = ?";
constexpr char kRequiredLevels[] = "SELECT level FROM totp_required_level ORDER BY level";
constexpr char kClearRequiredLevels[] = "DELETE FROM totp_required_level";
constexpr char kAddRequiredLevel[] = "INSERT INTO totp_required_level (level) VALUES (?)";
// account.totp_required after a policy change (its company's flag or its level's policy).
constexpr char kRefreshTotpRequired[] = R"sql(
    UPDATE account a
       SET a.totp_required = (a.require_totp = 1 OR
                              EXISTS (SELECT 1 FROM totp_required_level r WHERE r.level = a.level)))sql";

constexpr char kSuspendedLoginHash[] = R"sql(
    SELECT l.password_hash FROM login l JOIN account a ON a.id = l.account_id
    WHERE l.name = ? AND l.disabled = 0 AND a.deleted_at IS NULL AND a.suspended = 1)sql";

constexpr char kInsertSession[] = R"sql(
    INSERT INTO session (id_hash, login_id, csrf_token, ip, created_at, last_seen, expires_at,
                         su_stack, effective_account_id)
    VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6),
            UTC_TIMESTAMP(6) + INTERVAL ? SECOND, ?, NULLIF(?, 0)))sql";
constexpr char kSetSuStack[] =
    "UPDATE session SET su_stack = ?, effective_account_id = NULLIF(?, 0) WHERE id_hash = ?";
// Bounded, so a login never pays for a big backlog; every login sweeps a little.
constexpr char kPurgeSessions[] = R"sql(
    DELETE FROM session
    WHERE expires_at < UTC_TIMESTAMP(6) OR last_seen < UTC_TIMESTAMP(6) - INTERVAL ? SECOND
    LIMIT 100)sql";
// One statement per request, so it returns only what identification needs, as plain columns:
// expressions carry short names (the connector upper-cases every column name of every result,
// and the server sends each in the result's metadata), and the saved list filters come as the
// stored JSON, parsed here, instead of four JSON_VALUE calls on the server.
constexpr char kFindSession[] = R"sql(
    SELECT l.id, l.name, a.id, a.name, a.level, l.force_password_change, s.csrf_token,
           s.last_seen < UTC_TIMESTAMP(6) - INTERVAL ? SECOND AS stale,
           s.su_stack, COALESCE(e.id, 0) AS e_id, COALESCE(e.name, '') AS e_name,
           COALESCE(e.level, 0) AS e_level, a.denied_groups, e.denied_groups, l.lang,
           l.list_filters,
           l.is_owner, l.rights, l.allowed_ips, a.allowed_ips, l.totp_enabled, a.totp_required,
           a.tree_path, COALESCE(e.tree_path, '') AS e_path
    FROM session s
    JOIN login l ON l.id = s.login_id
    JOIN account a ON a.id = l.account_id
    LEFT JOIN account e ON e.id = s.effective_account_id AND e.deleted_at IS NULL
    WHERE s.id_hash = ? AND s.expires_at > UTC_TIMESTAMP(6)
      AND s.last_seen > UTC_TIMESTAMP(6) - INTERVAL ? SECOND
      AND l.disabled = 0 AND a.deleted_at IS NULL AND a.suspended = 0)sql";
constexpr char kTouchSession[] =
    "UPDATE session SET last_seen = UTC_TIMESTAMP(6) WHERE id_hash = ?";
constexpr char kDeleteSession[] = "DELETE FROM session WHERE id_hash = ?";

constexpr char kPutKey[] = R"sql(
    REPLACE INTO auth_key (key_hash, login_id, created_by, expires_at)
    VALUES (?, ?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND))sql";
constexpr char kConsumeKey[] = R"sql(
    DELETE FROM auth_key WHERE key_hash = ? AND login_id = ? AND expires_at > UTC_TIMESTAMP(6))sql";
constexpr char kPurgeKeys[] = "DELETE FROM auth_key WHERE expires_at < UTC_TIMESTAMP(6) LIMIT 100";

// Every attempt is counted before its password is checked, so parallel attempts cannot all read
// a count under the limit. An attempt outside the window starts a new window (assignments read
// the old window_start). Rows are locked login first, then address: no two statements wait on
// each other in a cycle.
constexpr char kCountAttempt[] = R"sql(
    INSERT INTO auth_failure (scope, subject, failures, window_start)
    VALUES ('login', ?, 1, UTC_TIMESTAMP(6)), ('ip', ?, 1, UTC_TIMESTAMP(6))
    ON DUPLICATE KEY UPDATE
      failures = IF(window_start > UTC_TIMESTAMP(6) - INTERVAL ? SECOND, failures + 1, 1),
      window_start = IF(window_start > UTC_TIMESTAMP(6) - INTERVAL ? SECOND, window_start,
                        UTC_TIMESTAMP(6)))sql";
// Read after the increment: never less than this attempt's own number, so at most `max`
// attempts of a window see a count within the limit.
constexpr char kReadAttempts[] = R"sql(
    SELECT scope, failures FROM auth_failure
    WHERE (scope = 'login' AND subject = ?) OR (scope = 'ip' AND subject = ?))sql";
constexpr char kForgetFailures[] =
    "UPDATE auth_failure SET failures = 0 WHERE scope = 'login' AND subject = ?";
constexpr char kForgiveAttempt[] = R"sql(
    UPDATE auth_failure SET failures = IF(scope = 'login', 0, GREATEST(failures, 1) - 1)
    WHERE (scope = 'login' AND subject = ?) OR (scope = 'ip' AND subject = ?))sql";

constexpr char kSelectLanguage[] = "SELECT lang FROM login WHERE id = ?";
constexpr char kSetLanguage[] = "UPDATE login SET lang = ? WHERE id = ?";
constexpr char kChangeOwnPassword[] = R"sql(
    UPDATE login SET password_hash = ?, force_password_change = 0,
                     password_changed_at = UTC_TIMESTAMP(6)
    WHERE id = ?)sql";
constexpr char kDeleteOtherSessions[] = "DELETE FROM session WHERE login_id = ? AND id_hash <> ?";

constexpr char kInsertAdminAccount[] =
    "INSERT INTO account (parent_id, level, name, fullname) VALUES (NULL, 29, ?, 'Administrator')";
// An admin account is the root of its tree (sql/017); LAST_INSERT_ID() stays the account's.
constexpr char kSetAdminPath[] =
    "UPDATE account SET tree_path = CONCAT('/', id, '/') WHERE id = LAST_INSERT_ID()";
constexpr char kInsertLogin[] =
    "INSERT INTO login (account_id, name, password_hash, is_owner) VALUES (LAST_INSERT_ID(), ?, ?, "
    "1)";
constexpr char kCountAdmin[] = "UPDATE account_level_count SET live = live + 1 WHERE level = 29";
constexpr char kSetPassword[] = R"sql(
    UPDATE login SET password_hash = ?, force_password_change = 0,
                     password_changed_at = UTC_TIMESTAMP(6)
    WHERE name = ?)sql";
constexpr char kDeleteLoginSessions[] =
    "DELETE s FROM session s JOIN login l ON l.id = s.login_id WHERE l.name = ?";

std::string TokenHash(std::string_view token) { return util::Sha256(token); }

// The owner flag, group rights and address locks from column `first` on.
void ReadPermissions(sql::ResultSet& row, int first, LoginRecord& login) {
  login.is_owner = row.getBoolean(first);
  login.group_rights =
      row.isNull(first + 1) ? std::nullopt : std::optional<std::string>(row.getString(first + 1));
  login.login_ips = row.getString(first + 2);
  login.company_ips = row.getString(first + 3);
  login.totp_enabled = row.getBoolean(first + 4);
  login.totp_required = row.getBoolean(first + 5);
  login.account_path = row.getString(first + 6);
}

// login.list_filters ({"user": {"name": "...", "status": "..."}}, sql/010): an entry for both
// lists, empty where nothing is saved.
core::SavedListFilters ParseSavedFilters(const std::string& json) {
  core::SavedListFilters filters{{"reseller", {}}, {"user", {}}};
  if (json == "{}") return filters;  // nothing saved: most logins
  const nlohmann::json saved = nlohmann::json::parse(json, nullptr, false);
  if (!saved.is_object()) return filters;
  for (auto& [list, filter] : filters) {
    auto entry = saved.find(list);
    if (entry == saved.end() || !entry->is_object()) continue;
    const auto text = [&entry](const char* key) {
      auto value = entry->find(key);
      return value != entry->end() && value->is_string() ? value->get<std::string>() : "";
    };
    filter.name_contains = text("name");
    filter.status = text("status");
  }
  return filters;
}

// RM_LOGIN_COLUMNS.
LoginRecord ReadLogin(sql::ResultSet& row) {
  LoginRecord login{row.getInt64(1),
                    row.getString(2),
                    row.getInt64(3),
                    row.getString(4),
                    row.getInt(5),
                    row.getString(6),
                    row.getBoolean(7),
                    row.getString(8),
                    row.getString(9),
                    true,
                    std::nullopt,
                    {},
                    {},
                    false,
                    false};
  ReadPermissions(row, 10, login);
  return login;
}

// Binary hashes go through setString: Connector/C++ sends the bytes unchanged.
void BindHash(sql::PreparedStatement& statement, int index, const std::string& hash) {
  statement.setString(index, sql::SQLString(hash.data(), hash.size()));
}

}  // namespace

std::optional<LoginRecord> MySqlAuthStore::FindLogin(std::string_view name) {
  auto rows = db::Select(db::Query(connection_, kFindLogin, name));
  if (!rows->next()) return std::nullopt;
  return ReadLogin(*rows);
}

std::optional<LoginCheck> MySqlAuthStore::FindLoginForCheck(std::string_view name,
                                                            std::string_view ip,
                                                            const ThrottlePolicy& policy) {
  auto rows = db::Select(db::Query(connection_, kFindLoginForCheck, name, policy.window_seconds, ip,
                                   policy.window_seconds, name));
  if (!rows->next()) return std::nullopt;
  LoginCheck check;
  check.login = ReadLogin(*rows);
  check.throttled = rows->getInt(17) >= policy.login_max || rows->getInt(18) >= policy.ip_max;
  check.has_failures = rows->getInt(17) > 0;
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
  record.login = ReadLogin(*rows);
  record.login.password_hash.clear();
  record.id = rows->getInt64(17);
  record.name = rows->getString(18);
  record.rights = rows->getString(19);
  record.read_only = rows->getBoolean(20);
  record.allowed_ips = rows->getString(21);
  record.needs_touch = rows->getBoolean(22);
  return record;
}

void MySqlAuthStore::TouchToken(long long token_id) {
  db::Query(connection_, kTouchToken, token_id).executeUpdate();
}

TotpState MySqlAuthStore::Totp(long long login_id) {
  TotpState state;
  auto rows = db::Select(db::Query(connection_, kTotp, login_id));
  if (!rows->next()) return state;
  state.enabled = rows->getBoolean(1);
  state.secret = rows->getString(2);
  state.pending = rows->getString(3);
  return state;
}

void MySqlAuthStore::SetPendingTotp(long long login_id, const std::string& secret) {
  sql::PreparedStatement& set = connection_.Prepare(kSetPendingTotp);
  BindHash(set, 1, secret);
  set.setInt64(2, login_id);
  set.executeUpdate();
}

void MySqlAuthStore::EnableTotp(long long login_id,
                                const std::vector<std::string>& recovery_hashes) {
  db::Transaction tx(connection_);
  db::Query(connection_, kEnableTotp, login_id).executeUpdate();
  db::Query(connection_, kClearRecovery, login_id).executeUpdate();
  for (const std::string& hash : recovery_hashes) {
    sql::PreparedStatement& add = connection_.Prepare(kAddRecovery);
    add.setInt64(1, login_id);
    BindHash(add, 2, hash);
    add.executeUpdate();
  }
  tx.Commit();
}

void MySqlAuthStore::DisableTotp(long long login_id) {
  db::Transaction tx(connection_);
  db::Query(connection_, kDisableTotp, login_id).executeUpdate();
  db::Query(connection_, kClearRecovery, login_id).executeUpdate();
  tx.Commit();
}

bool MySqlAuthStore::UseTotpStep(long long login_id, std::uint64_t step) {
  sql::PreparedStatement& use = connection_.Prepare(kUseTotpStep);
  use.setUInt64(1, step);
  use.setInt64(2, login_id);
  use.setUInt64(3, step);
  return use.executeUpdate() == 1;
}

bool MySqlAuthStore::UseRecoveryCode(long long login_id, const std::string& code_hash) {
  sql::PreparedStatement& use = connection_.Prepare(kUseRecovery);
  use.setInt64(1, login_id);
  BindHash(use, 2, code_hash);
  return use.executeUpdate() == 1;
}

std::string MySqlAuthStore::CreateChallenge(long long login_id) {
  const std::string challenge = util::RandomToken();
  connection_.Prepare(kPurgeChallenges).executeUpdate();
  sql::PreparedStatement& insert = connection_.Prepare(kInsertChallenge);
  BindHash(insert, 1, TokenHash(challenge));
  insert.setInt64(2, login_id);
  insert.executeUpdate();
  return challenge;
}

std::optional<LoginRecord> MySqlAuthStore::ChallengeLogin(std::string_view challenge) {
  if (challenge.empty() || challenge.size() > 128) return std::nullopt;
  sql::PreparedStatement& find = connection_.Prepare(kChallengeLogin);
  BindHash(find, 1, TokenHash(challenge));
  auto rows = db::Select(find);
  if (!rows->next()) return std::nullopt;
  return ReadLogin(*rows);
}

void MySqlAuthStore::DeleteChallenge(std::string_view challenge) {
  sql::PreparedStatement& remove = connection_.Prepare(kDeleteChallenge);
  BindHash(remove, 1, TokenHash(challenge));
  remove.executeUpdate();
}

std::vector<int> MySqlAuthStore::TotpRequiredLevels() {
  std::vector<int> levels;
  auto rows = db::Select(connection_.Prepare(kRequiredLevels));
  while (rows->next()) levels.push_back(rows->getInt(1));
  return levels;
}

void MySqlAuthStore::SetTotpRequiredLevels(const std::vector<int>& levels) {
  db::Transaction tx(connection_);
  connection_.Prepare(kClearRequiredLevels).executeUpdate();
  for (int level : levels) db::Query(connection_, kAddRequiredLevel, level).executeUpdate();
  connection_.Prepare(kRefreshTotpRequired).executeUpdate();
  tx.Commit();
}

std::optional<std::string> MySqlAuthStore::SuspendedLoginHash(std::string_view name) {
  auto rows = db::Select(db::Query(connection_, kSuspendedLoginHash, name));
  if (!rows->next()) return std::nullopt;
  return std::string(rows->getString(1));
}

NewSession MySqlAuthStore::CreateSession(long long login_id, std::string_view ip,
                                         const SessionPolicy& policy, const std::string& su_stack,
                                         long long effective_account_id) {
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
  insert.executeUpdate();
  tx.Commit();
  return session;
}

std::optional<SessionRecord> MySqlAuthStore::FindSession(std::string_view token,
                                                         const SessionPolicy& policy) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  sql::PreparedStatement& find = connection_.Prepare(kFindSession);
  find.setInt(1, policy.touch_after_seconds());
  BindHash(find, 2, TokenHash(token));
  find.setInt(3, policy.idle_seconds);
  auto rows = db::Select(find);
  if (!rows->next()) return std::nullopt;
  SessionRecord record;
  record.login = LoginRecord{rows->getInt64(1),
                             rows->getString(2),
                             rows->getInt64(3),
                             rows->getString(4),
                             rows->getInt(5),
                             "",
                             rows->getBoolean(6),
                             rows->getString(13),
                             rows->getString(15),
                             true,
                             std::nullopt,
                             {},
                             {},
                             false,
                             false};
  record.csrf_token = rows->getString(7);
  record.needs_touch = rows->getBoolean(8);
  record.su_stack = rows->getString(9);
  record.effective_account_id = rows->getInt64(10);
  record.effective_account = rows->getString(11);
  record.effective_level = rows->getInt(12);
  record.effective_denied_groups =
      rows->isNull(14) ? std::string() : std::string(rows->getString(14));
  record.saved_filters = ParseSavedFilters(rows->getString(16));
  ReadPermissions(*rows, 17, record.login);
  record.effective_path = rows->getString(24);
  return record;
}

void MySqlAuthStore::SetSuStack(std::string_view token, const std::string& su_stack,
                                long long effective_account_id) {
  sql::PreparedStatement& update = connection_.Prepare(kSetSuStack);
  update.setString(1, su_stack);
  update.setInt64(2, effective_account_id);
  BindHash(update, 3, TokenHash(token));
  update.executeUpdate();
}

void MySqlAuthStore::TouchSession(std::string_view token) {
  sql::PreparedStatement& touch = connection_.Prepare(kTouchSession);
  BindHash(touch, 1, TokenHash(token));
  touch.executeUpdate();
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

bool MySqlAuthStore::CountAttempt(std::string_view login, std::string_view ip,
                                  const ThrottlePolicy& policy) {
  db::Query(connection_, kCountAttempt, login, ip, policy.window_seconds, policy.window_seconds)
      .executeUpdate();
  auto rows = db::Select(db::Query(connection_, kReadAttempts, login, ip));
  bool within = true;
  while (rows->next()) {
    const bool is_login = rows->getString(1) == "login";
    within = within && rows->getInt(2) <= (is_login ? policy.login_max : policy.ip_max);
  }
  return within;
}

void MySqlAuthStore::ForgiveAttempt(std::string_view login, std::string_view ip) {
  db::Query(connection_, kForgiveAttempt, login, ip).executeUpdate();
}

void MySqlAuthStore::ForgetFailures(std::string_view login) {
  db::Query(connection_, kForgetFailures, login).executeUpdate();
}

std::string MySqlAuthStore::Language(long long login_id) {
  auto rows = db::Select(db::Query(connection_, kSelectLanguage, login_id));
  return rows->next() ? std::string(rows->getString(1)) : std::string("en");
}

void MySqlAuthStore::SetLanguage(long long login_id, const std::string& lang) {
  db::Query(connection_, kSetLanguage, lang, login_id).executeUpdate();
}

void MySqlAuthStore::ChangeOwnPassword(long long login_id, const std::string& password_hash,
                                       std::string_view keep_token) {
  db::Transaction tx(connection_);
  db::Query(connection_, kChangeOwnPassword, password_hash, login_id).executeUpdate();
  sql::PreparedStatement& others = connection_.Prepare(kDeleteOtherSessions);
  others.setInt64(1, login_id);
  BindHash(others, 2, TokenHash(keep_token));
  others.executeUpdate();
  tx.Commit();
}

long long MySqlAuthStore::CreateAdmin(std::string_view name, const std::string& password_hash) {
  db::Transaction tx(connection_);
  try {
    db::Query(connection_, kInsertAdminAccount, name).executeUpdate();
    connection_.Prepare(kSetAdminPath).executeUpdate();
    db::Query(connection_, kInsertLogin, name, password_hash).executeUpdate();
    connection_.Prepare(kCountAdmin).executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == 1062)
      throw core::PluginError(core::ErrorKind::kExists, "login", std::string(name));
    throw;
  }
  const long long login_id = connection_.LastInsertId();
  tx.Commit();
  return login_id;
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

}  // namespace resellermgr::auth
