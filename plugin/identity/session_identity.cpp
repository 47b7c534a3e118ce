#include "identity/session_identity.h"

#include <vector>

#include "db/columns.h"

namespace resellermgr::identity {
namespace {

#define RM_REFRESH "UPDATE session s" RM_SESSION_SOURCES " SET s.identity = " RM_SESSION_IDENTITY
constexpr char kOfSession[] = RM_REFRESH " WHERE s.id_hash = ?";
constexpr char kOfLogin[] = RM_REFRESH " WHERE s.login_id = ?";
constexpr char kOfAccountLogins[] = RM_REFRESH " WHERE l.account_id = ?";
constexpr char kActingAs[] = RM_REFRESH " WHERE s.effective_account_id = ?";
constexpr char kOfSubtree[] = RM_REFRESH " WHERE a.tree_path LIKE ? OR e.tree_path LIKE ?";
constexpr char kOfGroup[] = RM_REFRESH " WHERE l.perm_group_id = ?";
constexpr char kOfAll[] = RM_REFRESH;
// Found by a plain read (no locks on the logins and accounts it passes), repaired one by one.
constexpr char kStale[] = "SELECT s.id_hash FROM session s" RM_SESSION_SOURCES
                          " WHERE NOT (s.identity <=> " RM_SESSION_IDENTITY ") LIMIT 100";
constexpr auto kStaleColumns = db::Columns::Of(kStale);

}  // namespace

void SessionCopies::OfSession(const std::string& id_hash) {
  sql::PreparedStatement& update = connection_.Prepare(kOfSession);
  update.setString(1, sql::SQLString(id_hash.data(), id_hash.size()));
  update.executeUpdate();
}

void SessionCopies::OfLogin(long long login_id) {
  db::Query(connection_, kOfLogin, login_id).executeUpdate();
}

void SessionCopies::OfAccount(long long account_id) {
  db::Query(connection_, kOfAccountLogins, account_id).executeUpdate();
  db::Query(connection_, kActingAs, account_id).executeUpdate();
}

void SessionCopies::OfSubtree(const std::string& tree_path) {
  // The account itself and everything below it (tree paths are digits and slashes only, so
  // the path is its own LIKE prefix).
  const std::string at_or_below = tree_path.empty() ? std::string("-") : tree_path + "%";
  db::Query(connection_, kOfSubtree, at_or_below, at_or_below).executeUpdate();
}

void SessionCopies::OfGroup(long long perm_group_id) {
  db::Query(connection_, kOfGroup, perm_group_id).executeUpdate();
}

void SessionCopies::OfAll() { connection_.Prepare(kOfAll).executeUpdate(); }

int SessionCopies::RefreshStale() {
  std::vector<std::string> stale;
  auto rows = db::Select(connection_.Prepare(kStale));
  while (rows->next()) stale.push_back(rows->getString(kStaleColumns["id_hash"]));
  for (const std::string& id_hash : stale) OfSession(id_hash);
  return static_cast<int>(stale.size());
}

}  // namespace resellermgr::identity
