#include <cppconn/exception.h>

#include "base/errors.h"
#include "core/caller.h"
#include "db/columns.h"
#include "signup/signup_store.h"

namespace resellermgr::signup {
namespace {

using base::ErrorKind;
using base::PluginError;

constexpr int kDuplicateKey = 1062;

constexpr char kCurrent[] = R"sql(
    SELECT version, text, created_by, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i') AS created
    FROM agreement ORDER BY version DESC LIMIT 1)sql";
constexpr auto kAgreementRow = db::Columns::Of(kCurrent);
constexpr char kPutAgreement[] = "INSERT INTO agreement (text, created_by) VALUES (?, ?)";
constexpr char kSettings[] =
    "SELECT enabled, approval, min_deposit FROM signup_setting WHERE id = 1";
constexpr auto kSettingsRow = db::Columns::Of(kSettings);
constexpr char kPutSettings[] =
    "UPDATE signup_setting SET enabled = ?, approval = ?, min_deposit = ? WHERE id = 1";

#define RM_SIGNUP_ROW                                                                  \
  "SELECT id, login, email, company, address, status, "                                \
  "DATE_FORMAT(accepted_at, '%Y-%m-%d %H:%i:%s') AS accepted_at, accepted_ip, "        \
  "DATE_FORMAT(created_at, '%Y-%m-%d %H:%i') AS created, deposit, agreement_version, " \
  "COALESCE(account_id, 0) AS account_id, COALESCE(payment_hash, '') AS payment_hash FROM signup "
constexpr char kByLogin[] = RM_SIGNUP_ROW "WHERE pending_login = ? FOR UPDATE";
constexpr auto kSignupRow = db::Columns::Of(kByLogin);
constexpr char kByVerify[] = RM_SIGNUP_ROW
    "WHERE verify_hash = ? AND status = 'unverified' AND expires_at >= UTC_TIMESTAMP(6) "
    "FOR UPDATE";
static_assert(kSignupRow == db::Columns::Of(kByVerify));
constexpr char kFind[] = RM_SIGNUP_ROW "WHERE id = ? FOR UPDATE";
static_assert(kSignupRow == db::Columns::Of(kFind));
constexpr char kAwaiting[] =
    RM_SIGNUP_ROW "WHERE account_id = ? AND status = 'awaiting_payment' FOR UPDATE";
static_assert(kSignupRow == db::Columns::Of(kAwaiting));
constexpr char kList[] = RM_SIGNUP_ROW "WHERE (? = '' OR status = ?) ORDER BY id DESC LIMIT 1000";
static_assert(kSignupRow == db::Columns::Of(kList));
constexpr char kExpired[] = RM_SIGNUP_ROW
    "WHERE status <> 'active' AND expires_at < UTC_TIMESTAMP(6) ORDER BY id LIMIT 1000 FOR UPDATE";
static_assert(kSignupRow == db::Columns::Of(kExpired));
constexpr char kAdd[] = R"sql(
    INSERT INTO signup (login, email, company, address, deposit, agreement_version, accepted_ip,
                        verify_hash, expires_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6) + INTERVAL ? HOUR))sql";
constexpr char kSetStatus[] = "UPDATE signup SET status = ? WHERE id = ?";
constexpr char kAwaitPayment[] = R"sql(
    UPDATE signup SET status = 'awaiting_payment', account_id = ?, payment_hash = ? WHERE id = ?)sql";
constexpr char kRemove[] = "DELETE FROM signup WHERE id = ?";
constexpr char kHost[] = "SELECT id, tree_path FROM account WHERE level = " RM_LEVEL_ADMIN
                         " AND deleted_at IS NULL ORDER BY id LIMIT 1";
constexpr auto kHostRow = db::Columns::Of(kHost);

Signup SignupOf(sql::ResultSet& row) {
  constexpr const db::Columns& k = kSignupRow;
  Signup s;
  s.id = row.getInt64(k["id"]);
  s.login = row.getString(k["login"]);
  s.email = row.getString(k["email"]);
  s.company = row.getString(k["company"]);
  s.address = row.getString(k["address"]);
  s.status = row.getString(k["status"]);
  s.accepted_at = row.getString(k["accepted_at"]);
  s.accepted_ip = row.getString(k["accepted_ip"]);
  s.created = row.getString(k["created"]);
  s.deposit = row.getInt64(k["deposit"]);
  s.agreement_version = row.getInt(k["agreement_version"]);
  s.account_id = row.getInt64(k["account_id"]);
  s.payment_hash = row.getString(k["payment_hash"]);
  return s;
}

std::optional<Signup> One(std::unique_ptr<sql::ResultSet> rows) {
  if (!rows->next()) return std::nullopt;
  return SignupOf(*rows);
}

}  // namespace

Agreement MySqlSignupStore::Current() {
  auto rows = db::Select(db::Query(connection_, kCurrent));
  if (!rows->next()) return {};
  constexpr const db::Columns& k = kAgreementRow;
  return {rows->getInt(k["version"]), rows->getString(k["text"]), rows->getString(k["created_by"]),
          rows->getString(k["created"])};
}

int MySqlSignupStore::PutAgreement(const std::string& text, const std::string& by) {
  db::Query(connection_, kPutAgreement, text, by).executeUpdate();
  return static_cast<int>(connection_.LastInsertId());
}

Settings MySqlSignupStore::Get() {
  auto rows = db::Select(db::Query(connection_, kSettings));
  if (!rows->next()) return {};
  return {rows->getBoolean(kSettingsRow["enabled"]), rows->getBoolean(kSettingsRow["approval"]),
          rows->getInt64(kSettingsRow["min_deposit"])};
}

void MySqlSignupStore::Put(const Settings& s) {
  db::Query(connection_, kPutSettings, s.enabled, s.approval, static_cast<long long>(s.min_deposit))
      .executeUpdate();
}

std::optional<Signup> MySqlSignupStore::PendingByLogin(const std::string& login) {
  return One(db::Select(db::Query(connection_, kByLogin, login)));
}

long long MySqlSignupStore::Add(const NewSignup& s) {
  try {
    db::Query(connection_, kAdd, s.login, s.email, s.company, s.address,
              static_cast<long long>(s.deposit), s.agreement_version, s.accepted_ip, s.verify_hash,
              s.ttl_hours)
        .executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kDuplicateKey) throw;
    throw PluginError(ErrorKind::kExists, "login", s.login);
  }
  return connection_.LastInsertId();
}

std::optional<Signup> MySqlSignupStore::ByVerifyHash(const std::string& hash) {
  return One(db::Select(db::Query(connection_, kByVerify, hash)));
}

std::optional<Signup> MySqlSignupStore::Find(long long id) {
  return One(db::Select(db::Query(connection_, kFind, id)));
}

std::optional<Signup> MySqlSignupStore::AwaitingPayment(long long account_id) {
  return One(db::Select(db::Query(connection_, kAwaiting, account_id)));
}

void MySqlSignupStore::SetStatus(long long id, const std::string& status) {
  db::Query(connection_, kSetStatus, status, id).executeUpdate();
}

void MySqlSignupStore::AwaitPayment(long long id, long long account_id,
                                    const std::string& payment_hash) {
  db::Query(connection_, kAwaitPayment, account_id, payment_hash, id).executeUpdate();
}

std::vector<Signup> MySqlSignupStore::List(const std::string& status) {
  std::vector<Signup> signups;
  auto rows = db::Select(db::Query(connection_, kList, status, status));
  while (rows->next()) signups.push_back(SignupOf(*rows));
  return signups;
}

std::vector<Signup> MySqlSignupStore::TakeExpired() {
  std::vector<Signup> expired;
  auto rows = db::Select(db::Query(connection_, kExpired));
  while (rows->next()) expired.push_back(SignupOf(*rows));
  for (const Signup& s : expired) Remove(s.id);
  return expired;
}

void MySqlSignupStore::Remove(long long id) { db::Query(connection_, kRemove, id).executeUpdate(); }

std::optional<std::pair<long long, std::string>> MySqlSignupStore::Host() {
  auto rows = db::Select(db::Query(connection_, kHost));
  if (!rows->next()) return std::nullopt;
  return std::make_pair(rows->getInt64(kHostRow["id"]), rows->getString(kHostRow["tree_path"]));
}

}  // namespace resellermgr::signup
