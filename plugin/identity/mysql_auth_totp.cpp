// Two-factor login (TOTP) in MySQL: each login's secret and last used step, its recovery codes,
// the challenges between a password and its code, and which levels must enrol.

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

constexpr char kTotp[] =
    "SELECT totp_enabled, COALESCE(totp_secret, '') AS totp_secret,"
    " COALESCE(totp_pending, '') AS totp_pending FROM login "
    "WHERE id = ?";
constexpr auto kTotpColumns = db::Columns::Of(kTotp);
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
constexpr auto kChallengeLoginColumns = db::Columns::Of(kChallengeLogin);
constexpr char kDeleteChallenge[] = "DELETE FROM login_challenge WHERE id_hash = ?";
constexpr char kRequiredLevels[] = "SELECT level FROM totp_required_level ORDER BY level";
constexpr auto kRequiredLevelsColumns = db::Columns::Of(kRequiredLevels);
constexpr char kClearRequiredLevels[] = "DELETE FROM totp_required_level";
constexpr char kAddRequiredLevel[] = "INSERT INTO totp_required_level (level) VALUES (?)";

}  // namespace

TotpState MySqlAuthStore::Totp(long long login_id) {
  TotpState state;
  auto rows = db::Select(db::Query(connection_, kTotp, login_id));
  if (!rows->next()) return state;
  state.enabled = rows->getBoolean(kTotpColumns["totp_enabled"]);
  state.secret = rows->getString(kTotpColumns["totp_secret"]);
  state.pending = rows->getString(kTotpColumns["totp_pending"]);
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
  SessionCopies(connection_).OfLogin(login_id);
  tx.Commit();
}

void MySqlAuthStore::DisableTotp(long long login_id) {
  db::Transaction tx(connection_);
  db::Query(connection_, kDisableTotp, login_id).executeUpdate();
  db::Query(connection_, kClearRecovery, login_id).executeUpdate();
  SessionCopies(connection_).OfLogin(login_id);
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
  return ReadLogin<kChallengeLoginColumns>(*rows);
}

void MySqlAuthStore::DeleteChallenge(std::string_view challenge) {
  sql::PreparedStatement& remove = connection_.Prepare(kDeleteChallenge);
  BindHash(remove, 1, TokenHash(challenge));
  remove.executeUpdate();
}

std::vector<int> MySqlAuthStore::TotpRequiredLevels() {
  std::vector<int> levels;
  auto rows = db::Select(connection_.Prepare(kRequiredLevels));
  while (rows->next()) levels.push_back(rows->getInt(kRequiredLevelsColumns["level"]));
  return levels;
}

void MySqlAuthStore::SetTotpRequiredLevels(const std::vector<int>& levels) {
  db::Transaction tx(connection_);
  connection_.Prepare(kClearRequiredLevels).executeUpdate();
  for (int level : levels) db::Query(connection_, kAddRequiredLevel, level).executeUpdate();
  tx.Commit();
}

}  // namespace resellermgr::identity
