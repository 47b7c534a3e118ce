#include <cppconn/exception.h>

#include "base/errors.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "group/group_store.h"

namespace resellermgr::group {
namespace {

using base::ErrorKind;
using base::PluginError;

constexpr int kDuplicateKey = 1062;

// The groups a viewer sees: built in, its own, and the host's (all of them for an admin, the
// offered ones for a reseller). Binds: viewer account, viewer level.
#define RM_VISIBLE                                            \
  "(g.owner_account_id IS NULL OR g.owner_account_id = ? OR " \
  "(o.level >= " RM_LEVEL_ADMIN " AND (? >= " RM_LEVEL_ADMIN " OR g.offered = 1)))"
// The groups a viewer may change: its own; an admin's, every group of the host's. Binds: viewer
// account, viewer level.
#define RM_OWN \
  "(g.owner_account_id = ? OR (o.level >= " RM_LEVEL_ADMIN " AND ? >= " RM_LEVEL_ADMIN "))"
// Logins that use a group and that the viewer reaches: its own company's, or every one for an
// admin. Binds: viewer level, viewer account.
#define RM_USERS                                                                         \
  "(SELECT COUNT(*) FROM login l WHERE l.perm_group_id = g.id AND (? >= " RM_LEVEL_ADMIN \
  " OR "                                                                                 \
  "l.account_id = ?))"

#define RM_GROUP_COLUMNS                                                                    \
  "g.id, g.name, g.rights, g.offered, g.builtin, COALESCE(" RM_OWN ", 0) AS own, " RM_USERS \
  " AS logins"
constexpr db::Columns kGroupRow{RM_GROUP_COLUMNS};
constexpr char kVisible[] = "SELECT " RM_GROUP_COLUMNS
                            " FROM perm_group g LEFT JOIN account o ON o.id = g.owner_account_id"
                            " WHERE " RM_VISIBLE " ORDER BY g.builtin DESC, g.name";
constexpr char kFindVisible[] =
    "SELECT " RM_GROUP_COLUMNS
    " FROM perm_group g LEFT JOIN account o ON o.id = g.owner_account_id"
    " WHERE g.name = ? AND " RM_VISIBLE;
constexpr char kLockOwn[] =
    "SELECT g.id FROM perm_group g LEFT JOIN account o ON o.id = g.owner_account_id"
    " WHERE g.name = ? AND g.builtin = 0 AND " RM_OWN " FOR UPDATE";
constexpr auto kLockOwnColumns = db::Columns::Of(kLockOwn);
constexpr char kInsert[] =
    "INSERT INTO perm_group (owner_account_id, name, rights, offered) VALUES (?, ?, ?, ?)";
constexpr char kUpdate[] = "UPDATE perm_group SET rights = ?, offered = ? WHERE id = ?";
constexpr char kInUse[] = "SELECT COUNT(*) AS logins FROM login WHERE perm_group_id = ?";
constexpr auto kInUseColumns = db::Columns::Of(kInUse);
constexpr char kDelete[] = "DELETE FROM perm_group WHERE id = ?";

Group ReadGroup(sql::ResultSet& row) {
  Group group;
  group.id = row.getInt64(kGroupRow["id"]);
  group.name = row.getString(kGroupRow["name"]);
  group.rights =
      core::Rights::Parse(std::string(row.getString(kGroupRow["rights"]))).value_or(core::Rights());
  group.offered = row.getBoolean(kGroupRow["offered"]);
  group.builtin = row.getBoolean(kGroupRow["builtin"]);
  group.own = row.getBoolean(kGroupRow["own"]) && !group.builtin;
  group.logins = row.getInt64(kGroupRow["logins"]);
  return group;
}

// RM_OWN, RM_USERS, then `tail` more binds after them.
void BindViewer(sql::PreparedStatement& s, int first, const Viewer& viewer) {
  s.setInt64(first, viewer.account_id);
  s.setInt(first + 1, viewer.level);
  s.setInt(first + 2, viewer.level);
  s.setInt64(first + 3, viewer.account_id);
}

long long LockOwn(db::Connection& connection, const Viewer& viewer, const std::string& name) {
  auto rows = db::Select(db::Query(connection, kLockOwn, name, viewer.account_id, viewer.level));
  if (!rows->next()) throw PluginError(ErrorKind::kNotFound, "elid", name);
  return rows->getInt64(kLockOwnColumns["id"]);
}

}  // namespace

std::vector<Group> MySqlGroupStore::Visible(const Viewer& viewer) {
  sql::PreparedStatement& list = connection_.Prepare(kVisible);
  BindViewer(list, 1, viewer);
  list.setInt64(5, viewer.account_id);
  list.setInt(6, viewer.level);
  std::vector<Group> groups;
  auto rows = db::Select(list);
  while (rows->next()) groups.push_back(ReadGroup(*rows));
  return groups;
}

std::optional<Group> MySqlGroupStore::FindVisible(const Viewer& viewer, std::string_view name) {
  sql::PreparedStatement& find = connection_.Prepare(kFindVisible);
  BindViewer(find, 1, viewer);
  find.setString(5, std::string(name));
  find.setInt64(6, viewer.account_id);
  find.setInt(7, viewer.level);
  auto rows = db::Select(find);
  if (!rows->next()) return std::nullopt;
  return ReadGroup(*rows);
}

void MySqlGroupStore::Create(const Viewer& viewer, const std::string& name,
                             const core::Rights& rights, bool offered) {
  try {
    db::Query(connection_, kInsert, viewer.account_id, name, rights.ToString(),
              offered && viewer.admin())
        .executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == kDuplicateKey) throw PluginError(ErrorKind::kExists, "name", name);
    throw;
  }
}

void MySqlGroupStore::Update(const Viewer& viewer, const std::string& name,
                             const core::Rights& rights, bool offered) {
  db::Transaction tx(connection_);
  const long long id = LockOwn(connection_, viewer, name);
  db::Query(connection_, kUpdate, rights.ToString(), offered && viewer.admin(), id).executeUpdate();
  // Every login of the group gets the new rights in the same transaction (login.rights,
  // sql/015): the next request of any of its sessions has them.
  logins_.CopyGroupRights(id, rights.ToString());
  tx.Commit();
}

void MySqlGroupStore::Delete(const Viewer& viewer, const std::vector<std::string>& names) {
  db::Transaction tx(connection_);
  for (const std::string& name : names) {
    const long long id = LockOwn(connection_, viewer, name);
    auto used = db::Select(db::Query(connection_, kInUse, id));
    used->next();
    if (used->getInt64(kInUseColumns["logins"]) > 0)
      throw PluginError(ErrorKind::kExists, "group_in_use", name);
    db::Query(connection_, kDelete, id).executeUpdate();
  }
  tx.Commit();
}

}  // namespace resellermgr::group
