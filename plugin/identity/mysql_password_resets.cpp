#include "contacts/contacts.h"
#include "db/columns.h"
#include "identity/password_reset.h"

namespace resellermgr::identity {
namespace {

#define RM_LIVE "l.disabled = 0 AND a.deleted_at IS NULL AND a.suspended = 0"

// The link goes only to the login's own address (issue 20): never the company's, which a staff
// login does not own. Owner logins carry their account's address from creation (sql/032).
constexpr char kTarget[] = R"sql(
    SELECT l.id, l.name, l.email, l.lang, a.tree_path,
           )sql" RM_TEMPLATES_OF_SQL R"sql( AS templates_of
    FROM login l JOIN account a ON a.id = l.account_id
    WHERE l.name = ? AND )sql" RM_LIVE;
constexpr auto kTargetColumns = db::Columns::Of(kTarget);
constexpr char kDrop[] =
    "DELETE FROM password_reset WHERE login_id = ? OR expires_at < UTC_TIMESTAMP(6)";
// Put's statements for a name that is no login: the same round trips, nothing written.
constexpr char kDecoyPut[] = R"sql(
    INSERT INTO password_reset (token_hash, login_id, expires_at)
    SELECT ?, l.id, UTC_TIMESTAMP(6) + INTERVAL ? SECOND FROM login l WHERE l.id = 0)sql";
constexpr char kPut[] = R"sql(
    INSERT INTO password_reset (token_hash, login_id, expires_at)
    VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND))sql";
constexpr char kFind[] = R"sql(
    SELECT r.login_id, l.name FROM password_reset r
    JOIN login l ON l.id = r.login_id JOIN account a ON a.id = l.account_id
    WHERE r.token_hash = ? AND r.expires_at > UTC_TIMESTAMP(6) AND )sql" RM_LIVE " FOR UPDATE";
constexpr auto kFindColumns = db::Columns::Of(kFind);
constexpr char kUsed[] = "DELETE FROM password_reset WHERE login_id = ?";

}  // namespace

std::optional<ResetTarget> MySqlPasswordResets::Target(const std::string& login_name) {
  auto rows = db::Select(db::Query(connection_, kTarget, login_name));
  if (!rows->next()) return std::nullopt;
  ResetTarget target{
      rows->getInt64(kTargetColumns["id"]),         rows->getString(kTargetColumns["name"]),
      rows->getString(kTargetColumns["email"]),     rows->getString(kTargetColumns["lang"]),
      rows->getString(kTargetColumns["tree_path"]), rows->getInt64(kTargetColumns["templates_of"])};
  if (target.email.empty()) return std::nullopt;
  return target;
}

void MySqlPasswordResets::Put(long long login_id, const std::string& token_hash, int ttl_seconds) {
  db::Query(connection_, kDrop, login_id).executeUpdate();
  db::Query(connection_, kPut, token_hash, login_id, ttl_seconds).executeUpdate();
}

void MySqlPasswordResets::PutNothing(const std::string& token_hash, int ttl_seconds) {
  db::Query(connection_, kDrop, 0LL).executeUpdate();
  db::Query(connection_, kDecoyPut, token_hash, ttl_seconds).executeUpdate();
}

std::optional<std::string> MySqlPasswordResets::Consume(const std::string& token_hash) {
  auto rows = db::Select(db::Query(connection_, kFind, token_hash));
  if (!rows->next()) return std::nullopt;
  const long long login_id = rows->getInt64(kFindColumns["login_id"]);
  std::string name = rows->getString(kFindColumns["name"]);
  db::Query(connection_, kUsed, login_id).executeUpdate();
  return name;
}

}  // namespace resellermgr::identity
