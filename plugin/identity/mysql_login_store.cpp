#include <cppconn/exception.h>

#include "base/errors.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "identity/auth_store.h"
#include "identity/login_store.h"
#include "identity/session_identity.h"
#include "util/crypto.h"

namespace resellermgr::identity {
namespace {

using base::ErrorKind;
using base::PluginError;

constexpr int kDuplicateKey = 1062;

// A company's login as its list and form show it (ReadLogin).
#define RM_STAFF_COLUMNS                                                                           \
  "l.id, l.name, l.fullname, l.email, COALESCE(g.name, '') AS perm_group, l.lang, l.allowed_ips, " \
  "l.is_owner, l.disabled, l.force_password_change, l.totp_enabled, COALESCE(l.rights, '') AS "    \
  "rights"
constexpr db::Columns kStaffRow{RM_STAFF_COLUMNS};
constexpr char kList[] = "SELECT " RM_STAFF_COLUMNS R"sql(
    FROM login l LEFT JOIN perm_group g ON g.id = l.perm_group_id
    WHERE l.account_id = ? ORDER BY l.is_owner DESC, l.name)sql";
constexpr char kFind[] = "SELECT " RM_STAFF_COLUMNS R"sql(
    FROM login l LEFT JOIN perm_group g ON g.id = l.perm_group_id
    WHERE l.account_id = ? AND l.name = ?)sql";
constexpr char kResetTotp[] = R"sql(
    UPDATE login SET totp_enabled = 0, totp_secret = NULL, totp_pending = NULL WHERE id = ?)sql";
constexpr char kClearRecovery[] = "DELETE FROM totp_recovery WHERE login_id = ?";
constexpr char kLockCompany[] = "SELECT id FROM account WHERE id = ? FOR UPDATE";
constexpr char kNameTaken[] =
    "SELECT 1 FROM account WHERE name = ? UNION ALL SELECT 1 FROM login WHERE name = ? LIMIT 1";
constexpr char kInsert[] = R"sql(
    INSERT INTO login (account_id, name, password_hash, is_owner, email, fullname, perm_group_id,
                       rights, allowed_ips, lang, force_password_change)
    VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0), (SELECT g.rights FROM perm_group g WHERE g.id = ?),
            ?, ?, ?))sql";
constexpr char kLockLogin[] = "SELECT id FROM login WHERE account_id = ? AND name = ? FOR UPDATE";
constexpr auto kLockLoginColumns = db::Columns::Of(kLockLogin);
constexpr char kOwnersLeft[] =
    "SELECT COUNT(*) AS owners FROM login WHERE account_id = ? AND is_owner = 1 AND disabled = 0";
constexpr auto kOwnersLeftColumns = db::Columns::Of(kOwnersLeft);
constexpr char kEndSessions[] = "DELETE FROM session WHERE login_id = ?";
constexpr char kSetDisabled[] = "UPDATE login SET disabled = ? WHERE id = ?";
constexpr char kDelete[] = "DELETE FROM login WHERE id = ?";

constexpr char kTokens[] = R"sql(
    SELECT name, rights, read_only, allowed_ips,
           COALESCE(DATE_FORMAT(expires_at, '%Y-%m-%d %H:%i'), '') AS expires,
           DATE_FORMAT(created_at, '%Y-%m-%d %H:%i') AS created,
           COALESCE(DATE_FORMAT(last_used_at, '%Y-%m-%d %H:%i'), '') AS last_used
    FROM api_token WHERE login_id = ? ORDER BY name)sql";
constexpr auto kTokensColumns = db::Columns::Of(kTokens);
constexpr char kInsertToken[] = R"sql(
    INSERT INTO api_token (login_id, name, token_hash, rights, read_only, allowed_ips, expires_at)
    VALUES (?, ?, ?, ?, ?, ?, IF(? = 0, NULL, UTC_TIMESTAMP(6) + INTERVAL ? DAY)))sql";
constexpr char kDeleteToken[] = "DELETE FROM api_token WHERE login_id = ? AND name = ?";

StaffLogin ReadLogin(sql::ResultSet& row) {
  StaffLogin login;
  login.id = row.getInt64(kStaffRow["id"]);
  login.name = row.getString(kStaffRow["name"]);
  login.fullname = row.getString(kStaffRow["fullname"]);
  login.email = row.getString(kStaffRow["email"]);
  login.group = row.getString(kStaffRow["perm_group"]);
  login.lang = row.getString(kStaffRow["lang"]);
  login.allowed_ips = row.getString(kStaffRow["allowed_ips"]);
  login.owner = row.getBoolean(kStaffRow["is_owner"]);
  login.disabled = row.getBoolean(kStaffRow["disabled"]);
  login.force_password_change = row.getBoolean(kStaffRow["force_password_change"]);
  login.totp = row.getBoolean(kStaffRow["totp_enabled"]);
  login.rights = row.getString(kStaffRow["rights"]);
  return login;
}

long long LockLogin(db::Connection& connection, long long company_id, const std::string& name) {
  auto rows = db::Select(db::Query(connection, kLockLogin, company_id, name));
  if (!rows->next()) throw PluginError(ErrorKind::kNotFound, "elid", name);
  return rows->getInt64(kLockLoginColumns["id"]);
}

}  // namespace

std::vector<StaffLogin> MySqlLoginStore::List(long long company_id) {
  std::vector<StaffLogin> logins;
  auto rows = db::Select(db::Query(connection_, kList, company_id));
  while (rows->next()) logins.push_back(ReadLogin(*rows));
  return logins;
}

std::optional<StaffLogin> MySqlLoginStore::Find(long long company_id, std::string_view name) {
  auto rows = db::Select(db::Query(connection_, kFind, company_id, name));
  if (!rows->next()) return std::nullopt;
  return ReadLogin(*rows);
}

void MySqlLoginStore::RequireOwnerLeft(long long company_id) {
  auto rows = db::Select(db::Query(connection_, kOwnersLeft, company_id));
  rows->next();
  if (rows->getInt64(kOwnersLeftColumns["owners"]) == 0)
    throw PluginError(ErrorKind::kLimit, "owner");
}

void MySqlLoginStore::Create(long long company_id, const std::string& name,
                             const LoginChanges& changes) {
  db::Transaction tx(connection_);
  if (db::Select(db::Query(connection_, kNameTaken, name, name))->next())
    throw PluginError(ErrorKind::kExists, "name", name);
  try {
    db::Query(connection_, kInsert, company_id, name, changes.password_hash.value_or(""),
              changes.owner.value_or(false), changes.email.value_or(""),
              changes.fullname.value_or(""), changes.group_id.value_or(0),
              changes.group_id.value_or(0), changes.allowed_ips.value_or(""),
              changes.lang.value_or("en"), changes.force_password_change.value_or(false))
        .executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == kDuplicateKey) throw PluginError(ErrorKind::kExists, "name", name);
    throw;
  }
  tx.Commit();
}

void MySqlLoginStore::Update(long long company_id, const std::string& name,
                             const LoginChanges& changes) {
  db::Transaction tx(connection_);
  db::Select(db::Query(connection_, kLockCompany, company_id));  // owner changes serialise
  const long long id = LockLogin(connection_, company_id, name);
  db::Assignments set;
  set.Set("fullname", changes.fullname);
  set.Set("email", changes.email);
  set.Set("lang", changes.lang);
  set.Set("allowed_ips", changes.allowed_ips);
  set.Set("password_hash", changes.password_hash);
  if (changes.password_hash) set.Expression("password_changed_at = UTC_TIMESTAMP(6)");
  if (changes.group_id) {  // the group and its copy of the rights (sql/015)
    const std::string group = std::to_string(*changes.group_id);
    set.Expression(
        "perm_group_id = NULLIF(?, '0'), rights = (SELECT g.rights FROM perm_group g WHERE g.id = "
        "?)",
        {group, group});
  }
  set.Set("is_owner", changes.owner);
  set.Set("force_password_change", changes.force_password_change);
  set.Apply(connection_, "login", id);
  if (changes.totp_reset) {
    db::Query(connection_, kResetTotp, id).executeUpdate();
    db::Query(connection_, kClearRecovery, id).executeUpdate();
  }
  if (changes.owner && !*changes.owner) RequireOwnerLeft(company_id);
  // A new password, or a changed owner flag, ends that login's sessions.
  if (changes.password_hash || changes.owner)
    db::Query(connection_, kEndSessions, id).executeUpdate();
  else
    SessionCopies(connection_).OfLogin(id);  // its group's rights, addresses, language...
  tx.Commit();
}

void MySqlLoginStore::Delete(long long company_id, const std::vector<std::string>& names) {
  db::Transaction tx(connection_);
  db::Select(db::Query(connection_, kLockCompany, company_id));
  for (const std::string& name : names) {
    const long long id = LockLogin(connection_, company_id, name);
    db::Query(connection_, kDelete, id).executeUpdate();  // sessions, keys, tokens cascade
  }
  RequireOwnerLeft(company_id);
  tx.Commit();
}

void MySqlLoginStore::SetDisabled(long long company_id, const std::vector<std::string>& names,
                                  bool disabled) {
  db::Transaction tx(connection_);
  db::Select(db::Query(connection_, kLockCompany, company_id));
  for (const std::string& name : names) {
    const long long id = LockLogin(connection_, company_id, name);
    db::Query(connection_, kSetDisabled, disabled, id).executeUpdate();
    if (disabled) db::Query(connection_, kEndSessions, id).executeUpdate();
    SessionCopies(connection_).OfLogin(id);
  }
  if (disabled) RequireOwnerLeft(company_id);
  tx.Commit();
}

std::vector<ApiToken> MySqlLoginStore::Tokens(long long login_id) {
  std::vector<ApiToken> tokens;
  auto rows = db::Select(db::Query(connection_, kTokens, login_id));
  while (rows->next()) {
    ApiToken token;
    token.name = rows->getString(kTokensColumns["name"]);
    token.rights = rows->getString(kTokensColumns["rights"]);
    token.read_only = rows->getBoolean(kTokensColumns["read_only"]);
    token.allowed_ips = rows->getString(kTokensColumns["allowed_ips"]);
    token.expires_at = rows->getString(kTokensColumns["expires"]);
    token.created_at = rows->getString(kTokensColumns["created"]);
    token.last_used_at = rows->getString(kTokensColumns["last_used"]);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::string MySqlLoginStore::CreateToken(long long login_id, const NewToken& token) {
  const std::string secret = std::string(kTokenPrefix) + util::RandomToken();
  const std::string hash = util::Sha256(secret);
  sql::PreparedStatement& insert = connection_.Prepare(kInsertToken);
  insert.setInt64(1, login_id);
  insert.setString(2, token.name);
  insert.setString(3, sql::SQLString(hash.data(), hash.size()));
  insert.setString(4, token.rights);
  insert.setBoolean(5, token.read_only);
  insert.setString(6, token.allowed_ips);
  insert.setInt(7, token.days);
  insert.setInt(8, token.days);
  try {
    insert.executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == kDuplicateKey)
      throw PluginError(ErrorKind::kExists, "name", token.name);
    throw;
  }
  return secret;
}

void MySqlLoginStore::DeleteTokens(long long login_id, const std::vector<std::string>& names) {
  db::Transaction tx(connection_);
  for (const std::string& name : names) {
    if (db::Query(connection_, kDeleteToken, login_id, name).executeUpdate() == 0)
      throw PluginError(ErrorKind::kNotFound, "elid", name);
  }
  tx.Commit();
}

}  // namespace resellermgr::identity
