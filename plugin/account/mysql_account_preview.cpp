// preview=on for reseller/user .suspend, .resume and .delete (issue 25): what the change would
// reach, read in the caller's scope, changing nothing.

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include "account/account_store.h"
#include "db/columns.h"

namespace resellermgr::account {
namespace {

// The account (its id) and everything below it (its subtree pattern) that is not deleted.
#define RM_REACHED " FROM account a WHERE (a.id = ? OR " RM_BELOW("a") ") AND a.deleted_at IS NULL"
constexpr char kReached[] =
    "SELECT COUNT(*) AS accounts, COALESCE(SUM(a.level = " RM_LEVEL_USER
    " AND a.own_client = 0), 0) AS users, COALESCE(SUM(a.suspended), 0) AS suspended, "
    "COALESCE(SUM(EXISTS (SELECT 1 FROM suspension s WHERE s.account_id = a.id "
    "AND s.cause_id IS NULL)), 0) AS on_own" RM_REACHED;
constexpr auto kReachedRow = db::Columns::Of(kReached);
constexpr char kSessions[] =
    "SELECT COUNT(*) AS sessions FROM session s JOIN login l ON l.id = s.login_id "
    "JOIN account a ON a.id = l.account_id WHERE (a.id = ? OR " RM_BELOW(
        "a") ") AND a.deleted_at IS NULL AND s.expires_at > UTC_TIMESTAMP(6)";
constexpr auto kSessionsRow = db::Columns::Of(kSessions);
constexpr char kOwned[] =
    "SELECT COUNT(*) AS owned FROM account WHERE parent_id = ? AND deleted_at IS NULL "
    "AND own_client = 0";
constexpr auto kOwnedRow = db::Columns::Of(kOwned);

}  // namespace

std::vector<CascadePreview> MySqlAccountStore::Preview(const Scope& scope, int level,
                                                       const std::vector<std::string>& names) {
  std::vector<CascadePreview> previews;
  for (const Resolved& a : Resolve(scope, level, names)) {
    CascadePreview& preview = previews.emplace_back();
    preview.id = a.id;
    preview.name = a.name;
    preview.tree_path = a.tree_path;
    const std::string below = SubtreePattern(a.tree_path);
    auto reached = db::Select(db::Query(connection_, kReached, a.id, below));
    reached->next();
    preview.accounts = reached->getInt64(kReachedRow["accounts"]);
    preview.users = reached->getInt64(kReachedRow["users"]);
    preview.suspended = reached->getInt64(kReachedRow["suspended"]);
    preview.suspended_on_own = reached->getInt64(kReachedRow["on_own"]);
    auto sessions = db::Select(db::Query(connection_, kSessions, a.id, below));
    sessions->next();
    preview.sessions = sessions->getInt64(kSessionsRow["sessions"]);
    auto owned = db::Select(db::Query(connection_, kOwned, a.id));
    owned->next();
    preview.owned = owned->getInt64(kOwnedRow["owned"]);
  }
  return previews;
}

}  // namespace resellermgr::account
