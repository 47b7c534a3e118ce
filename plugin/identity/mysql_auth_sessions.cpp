// Sessions in MySQL: opened, found (one row, with the copy of its login and accounts it carries,
// session_identity.h), switched (su), touched and ended. Part of MySqlAuthStore.

#include <charconv>

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
using store::TokenHash;

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
// The question a session's read carries (db::CarriedCheck, SessionAsSeen): does the session still
// read exactly as this worker found it, needing no touch and with its su (if any) within its time?
// Byte for byte (BINARY: the columns' collation would take "A" for "a" and ignore trailing
// spaces), so every change identity makes to the copy (session_identity.h), to the csrf token or
// to the su fails it.
constexpr char kSessionAsSeen[] = R"sql((SELECT COUNT(*) FROM session s
    WHERE s.id_hash = ? AND s.expires_at > UTC_TIMESTAMP(6)
      AND s.last_seen >= UTC_TIMESTAMP(6) - INTERVAL ? SECOND AND s.login_id = ?
      AND BINARY s.identity = ? AND BINARY s.csrf_token = ? AND BINARY s.su_stack = ?
      AND BINARY s.su_reason = ? AND COALESCE(s.su_grant_id, 0) = ?
      AND (s.su_until IS NULL OR s.su_until > UTC_TIMESTAMP(6))) AS carried)sql";
// A worker remembers at most this many sessions; past it, it starts again from none.
constexpr std::size_t kSeenSessions = 4096;
constexpr char kTouchSession[] =
    "UPDATE session SET last_seen = UTC_TIMESTAMP(6) WHERE id_hash = ?";
constexpr char kDeleteSession[] = "DELETE FROM session WHERE id_hash = ?";

}  // namespace

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
    if (!rows->next()) break;
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
    if (number(IdentityField::kLive) != 1) break;  // disabled, suspended, deleted
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
    Remember(hash, record, identity);
    return record;
  }
  seen_.erase(hash);
  return std::nullopt;
}

void MySqlAuthStore::Remember(const std::string& hash, const SessionRecord& record,
                              std::string identity) {
  if (record.su_over) {  // it ends now; the next request finds it anew
    seen_.erase(hash);
    return;
  }
  if (seen_.size() >= kSeenSessions && !seen_.contains(hash)) seen_.clear();
  auto seen = std::make_shared<SeenSession>(SeenSession{record, std::move(identity)});
  seen->record.needs_touch = false;  // the caller touches it now; a later one is asked for anew
  seen_[hash] = std::move(seen);
}

std::optional<SessionRecord> MySqlAuthStore::SessionAsSeen(std::string_view token,
                                                           const SessionPolicy& policy) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  std::string hash = TokenHash(token);
  const auto seen = seen_.find(hash);
  if (seen == seen_.end()) return std::nullopt;
  std::shared_ptr<const SeenSession> as_seen = seen->second;
  const SessionRecord& record = as_seen->record;
  connection_.carried().Ask(
      kSessionAsSeen, [hash = std::move(hash), as_seen, touch_after = policy.touch_after_seconds()](
                          sql::PreparedStatement& s, int i) {
        const SessionRecord& seen = as_seen->record;
        BindHash(s, i++, hash);
        s.setInt(i++, touch_after);
        s.setInt64(i++, seen.login.id);
        s.setString(i++, as_seen->identity);
        s.setString(i++, seen.csrf_token);
        s.setString(i++, seen.su_stack);
        s.setString(i++, seen.su_reason);
        s.setInt64(i++, seen.su_grant_id);
        return i;
      });
  return record;
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

}  // namespace resellermgr::identity
