// Moving an account (and its subtree) to another owner: user.move and reseller.move.

#include <algorithm>

#include "account/account_statements.h"
#include "account/account_store.h"
#include "base/errors.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "tenancy/tenancy.h"

namespace resellermgr::account {
namespace {

using base::ErrorKind;
using base::PluginError;
using statements::kAddUsers;
using statements::kMoveUsage;

constexpr char kOwnerByName[] = R"sql(
    SELECT id, level, tree_path FROM account WHERE name = ? AND deleted_at IS NULL)sql";
constexpr char kLockAccount[] = R"sql(
    SELECT id, parent_id, tree_path, quota_used, traff_used FROM account
    WHERE id = ? FOR UPDATE)sql";
constexpr auto kLockAccountColumns = db::Columns::Of(kLockAccount);
constexpr char kHasResellersBelow[] =
    "SELECT 1 FROM account a WHERE " RM_BELOW("a") " AND a.level = " RM_LEVEL_RESELLER
                                                   " AND deleted_at IS NULL LIMIT 1";
// The moved account and its subtree take the new prefix.
constexpr char kRewritePaths[] = R"sql(
    UPDATE account a SET a.tree_path = CONCAT(?, SUBSTRING(a.tree_path, ?))
    WHERE )sql" RM_SUBTREE_OF_PATH("a");
constexpr char kSetParent[] = "UPDATE account SET parent_id = ? WHERE id = ?";
constexpr char kNameOf[] = "SELECT name FROM account WHERE id = ?";
constexpr auto kNameOfColumns = db::Columns::Of(kNameOf);

}  // namespace

std::string MySqlAccountStore::Move(const Scope& scope, int level, const std::string& name,
                                    const std::string& owner_name) {
  db::Transaction tx(connection_);
  // The new owner: the caller's own account, or a reseller in its scope.
  long long owner_id = 0;
  std::string owner_path;
  {
    auto row = db::Select(db::Query(connection_, kOwnerByName, owner_name));
    if (!row->next()) throw PluginError(ErrorKind::kNotFound, "owner", owner_name);
    owner_id = row->getInt64(kLockAccountColumns["id"]);
    owner_path = row->getString(kLockAccountColumns["tree_path"]);
    const bool own = owner_id == scope.account_id;
    const bool below = scope.level >= kAdminLevel
                           ? row->getInt(kLockAccountColumns["parent_id"]) < kAdminLevel
                           : owner_path.starts_with(scope.path) && !own;
    if (!own && (!below || row->getInt(kLockAccountColumns["parent_id"]) != 24))
      throw PluginError(ErrorKind::kNotFound, "owner", owner_name);
  }
  const std::vector<Resolved> found = Resolve(scope, level, {name});  // locks it
  RefuseOwnClients(found, "moved");
  const Resolved& moved = found.front();
  if (owner_path.starts_with(moved.tree_path))
    throw PluginError(ErrorKind::kInvalidValue, "owner", owner_name, "a move under itself");
  // One level of sub-resellers: a reseller goes under the host or a top reseller, and one
  // with sub-resellers of its own stays at the top.
  if (level == kResellerLevel) {
    const bool has_resellers =
        db::Select(db::Query(connection_, kHasResellersBelow, SubtreePattern(moved.tree_path)))
            ->next();
    if (Depth(owner_path) >= 2 || (has_resellers && Depth(owner_path) >= 1))
      throw PluginError(ErrorKind::kLimit, "depth", owner_name);
  }
  auto row = db::Select(db::Query(connection_, kLockAccount, moved.id));
  row->next();
  const long long old_owner = row->getInt64(kLockAccountColumns["parent_id"]);
  const long long quota = row->getInt64(kLockAccountColumns["quota_used"]);
  const long long traff = row->getInt64(kLockAccountColumns["traff_used"]);
  if (old_owner == owner_id) return owner_name;  // already there
  // Lock order: the owners by id, lower first (both above the moved account).
  for (long long id : {std::min(old_owner, owner_id), std::max(old_owner, owner_id)})
    db::Select(db::Query(connection_, kLockAccount, id));
  const int users = level == kUserLevel ? 1 : 0;  // sub-resellers are not users (issue 20)
  CheckPool(owner_id, moved.id, LoadLimits(moved.id), users);
  const std::string old_path = PathOf(old_owner);

  db::Query(connection_, kSetParent, owner_id, moved.id).executeUpdate();
  const std::string new_path = owner_path + std::to_string(moved.id) + "/";
  db::Query(connection_, kRewritePaths, new_path,
            static_cast<long long>(moved.tree_path.size()) + 1, moved.tree_path)
      .executeUpdate();
  if (users != 0) {
    db::Query(connection_, kAddUsers, -users, old_owner).executeUpdate();
    db::Query(connection_, kAddUsers, users, owner_id).executeUpdate();
    MoveListStamp();
  }
  // Usage totals: every old ancestor loses the moved subtree's, every new one gains it.
  for (long long id : PathIds(old_path))
    db::Query(connection_, kMoveUsage, -quota, -traff, id).executeUpdate();
  for (long long id : PathIds(owner_path))
    db::Query(connection_, kMoveUsage, quota, traff, id).executeUpdate();
  // Module access comes from the new ancestors: the account's and everything below it.
  db::Query(connection_, statements::kRefreshDenied, moved.id).executeUpdate();
  db::Query(connection_, statements::kRefreshSubtreeDenied, SubtreePattern(new_path))
      .executeUpdate();
  // Suspended now exactly when it, something in it, or its new owner's line is.
  RecomputeSuspended({{moved.id, new_path}});
  // Whoever acted as a moved account through su did so as its old owner's.
  logins_.EndSessionsActingAtOrBelow(new_path);
  auto old_name = db::Select(db::Query(connection_, kNameOf, old_owner));
  old_name->next();
  const std::string from = old_name->getString(kNameOfColumns["name"]);
  tx.Commit();
  return from;
}

}  // namespace resellermgr::account
