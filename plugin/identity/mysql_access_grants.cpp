#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include "db/columns.h"
#include "db/connection.h"
#include "identity/access_grants.h"

namespace resellermgr::identity {
namespace {

constexpr char kConsent[] = "SELECT su_consent_required FROM account WHERE id = ?";
constexpr auto kConsentColumns = db::Columns::Of(kConsent);
constexpr char kSetConsent[] = "UPDATE account SET su_consent_required = ? WHERE id = ?";
// A grant in force, with its whole minutes left: in its last minute it lets nobody in, so no su
// outlives it (ActiveGrant).
#define RM_GRANT_IN_FORCE                                                                      \
  "SELECT id, FLOOR(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), expires_at) / 60) AS minutes_left" \
  " FROM access_grant"                                                                         \
  " WHERE state = 'granted' AND expires_at > UTC_TIMESTAMP(6) + INTERVAL 1 MINUTE"
constexpr char kActive[] = RM_GRANT_IN_FORCE
    " AND account_id = ? AND grantee_account_id = ? ORDER BY expires_at DESC LIMIT 1";
constexpr auto kActiveColumns = db::Columns::Of(kActive);
constexpr char kMinutesLeft[] = RM_GRANT_IN_FORCE " AND id = ?";
static_assert(db::Columns::Of(kMinutesLeft)["minutes_left"] == kActiveColumns["minutes_left"]);
constexpr char kUsed[] = R"sql(
    UPDATE access_grant SET uses = uses + 1, last_used_at = UTC_TIMESTAMP(6) WHERE id = ?)sql";
constexpr char kRequest[] = R"sql(
    INSERT INTO access_grant (account_id, grantee_account_id, reason, hours, requested_by)
    VALUES (?, ?, ?, ?, ?))sql";
constexpr char kOverride[] = R"sql(
    INSERT INTO access_grant (account_id, grantee_account_id, kind, state, reason, hours,
                              requested_by, decided_by, decided_at, expires_at)
    VALUES (?, ?, 'override', 'granted', ?, ?, ?, ?, UTC_TIMESTAMP(6),
            UTC_TIMESTAMP(6) + INTERVAL ? HOUR))sql";

#define RM_DATE(column) "COALESCE(DATE_FORMAT(" column ", '%Y-%m-%d %H:%i:%s'), '')"
#define RM_GRANT \
  "SELECT g.id, g.account_id, g.grantee_account_id, c.name AS account, e.name AS grantee," \
  " g.kind, IF(g.state = 'granted' AND g.expires_at <= UTC_TIMESTAMP(6), 'expired',"        \
  " g.state) AS state, g.reason, g.hours, g.requested_by, g.decided_by, g.uses,"           \
  " " RM_DATE("g.requested_at") " AS requested_at, " RM_DATE("g.decided_at")               \
  " AS decided_at, " RM_DATE("g.expires_at") " AS expires_at, " RM_DATE("g.last_used_at")  \
  " AS last_used_at"                                                                       \
  " FROM access_grant g JOIN account c ON c.id = g.account_id"                             \
  " JOIN account e ON e.id = g.grantee_account_id"
constexpr char kList[] =
    RM_GRANT " WHERE g.account_id = ? OR g.grantee_account_id = ? ORDER BY g.id DESC LIMIT 500";
constexpr auto kGrantColumns = db::Columns::Of(kList);
constexpr char kFind[] =
    RM_GRANT " WHERE g.id = ? AND (g.account_id = ? OR g.grantee_account_id = ?)";
static_assert(db::Columns::Of(kFind)["last_used_at"] == kGrantColumns["last_used_at"]);

constexpr char kDecide[] = R"sql(
    UPDATE access_grant
    SET state = IF(?, 'granted', 'refused'), decided_by = ?, decided_at = UTC_TIMESTAMP(6),
        hours = IF(?, ?, hours), expires_at = IF(?, UTC_TIMESTAMP(6) + INTERVAL ? HOUR, NULL)
    WHERE id = ? AND state = 'pending')sql";
constexpr char kRevoke[] = R"sql(
    UPDATE access_grant
    SET state = 'revoked', decided_by = ?, decided_at = UTC_TIMESTAMP(6),
        expires_at = LEAST(COALESCE(expires_at, UTC_TIMESTAMP(6)), UTC_TIMESTAMP(6))
    WHERE id = ? AND (state = 'pending' OR (state = 'granted' AND expires_at > UTC_TIMESTAMP(6))))sql";
// The su sessions under it act as their own logins again on their next request (su_until).
constexpr char kEndSessions[] = R"sql(
    UPDATE session SET su_until = UTC_TIMESTAMP(6) WHERE su_grant_id = ?)sql";

AccessGrant ReadGrant(sql::ResultSet& rows) {
  constexpr const db::Columns& k = kGrantColumns;
  AccessGrant g;
  g.id = rows.getInt64(k["id"]);
  g.account_id = rows.getInt64(k["account_id"]);
  g.grantee_account_id = rows.getInt64(k["grantee_account_id"]);
  g.account = rows.getString(k["account"]);
  g.grantee = rows.getString(k["grantee"]);
  g.kind = rows.getString(k["kind"]);
  g.state = rows.getString(k["state"]);
  g.reason = rows.getString(k["reason"]);
  g.hours = rows.getInt(k["hours"]);
  g.requested_by = rows.getString(k["requested_by"]);
  g.decided_by = rows.getString(k["decided_by"]);
  g.uses = rows.getInt(k["uses"]);
  g.requested_at = rows.getString(k["requested_at"]);
  g.decided_at = rows.getString(k["decided_at"]);
  g.expires_at = rows.getString(k["expires_at"]);
  g.last_used_at = rows.getString(k["last_used_at"]);
  return g;
}

}  // namespace

bool MySqlAccessGrants::ConsentRequired(long long account_id) {
  auto rows = db::Select(db::Query(connection_, kConsent, account_id));
  return rows->next() && rows->getBoolean(kConsentColumns["su_consent_required"]);
}

void MySqlAccessGrants::SetConsentRequired(long long account_id, bool required) {
  db::Query(connection_, kSetConsent, required, account_id).executeUpdate();
}

std::optional<ActiveGrant> MySqlAccessGrants::Active(long long account_id,
                                                     long long grantee_account_id) {
  auto rows = db::Select(db::Query(connection_, kActive, account_id, grantee_account_id));
  if (!rows->next()) return std::nullopt;
  return ActiveGrant{rows->getInt64(kActiveColumns["id"]),
                     rows->getInt(kActiveColumns["minutes_left"])};
}

std::optional<int> MySqlAccessGrants::MinutesLeft(long long id) {
  auto rows = db::Select(db::Query(connection_, kMinutesLeft, id));
  if (!rows->next()) return std::nullopt;
  return rows->getInt(kActiveColumns["minutes_left"]);
}

void MySqlAccessGrants::Used(long long id) { db::Query(connection_, kUsed, id).executeUpdate(); }

long long MySqlAccessGrants::Request(long long account_id, long long grantee_account_id,
                                     const std::string& requested_by, const std::string& reason,
                                     int hours) {
  db::Query(connection_, kRequest, account_id, grantee_account_id, reason, hours, requested_by)
      .executeUpdate();
  return connection_.LastInsertId();
}

long long MySqlAccessGrants::Override(long long account_id, long long grantee_account_id,
                                      const std::string& requested_by, const std::string& reason,
                                      int hours) {
  db::Query(connection_, kOverride, account_id, grantee_account_id, reason, hours, requested_by,
            requested_by, hours)
      .executeUpdate();
  return connection_.LastInsertId();
}

std::vector<AccessGrant> MySqlAccessGrants::List(long long account_id) {
  std::vector<AccessGrant> grants;
  auto rows = db::Select(db::Query(connection_, kList, account_id, account_id));
  while (rows->next()) grants.push_back(ReadGrant(*rows));
  return grants;
}

std::optional<AccessGrant> MySqlAccessGrants::Find(long long id, long long account_id) {
  auto rows = db::Select(db::Query(connection_, kFind, id, account_id, account_id));
  if (!rows->next()) return std::nullopt;
  return ReadGrant(*rows);
}

bool MySqlAccessGrants::Decide(long long id, const std::string& decided_by, bool granted,
                               int hours) {
  return db::Query(connection_, kDecide, granted, decided_by, granted, hours, granted, hours, id)
             .executeUpdate() == 1;
}

bool MySqlAccessGrants::Revoke(long long id, const std::string& decided_by) {
  const bool ended = db::Query(connection_, kRevoke, decided_by, id).executeUpdate() == 1;
  if (ended) db::Query(connection_, kEndSessions, id).executeUpdate();
  return ended;
}

}  // namespace resellermgr::identity
