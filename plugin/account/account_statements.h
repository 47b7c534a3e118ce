#pragma once
// The statements the account store's files (mysql_account_*.cpp) share, one text each.

#include "core/caller.h"
#include "tenancy/tenancy.h"

namespace resellermgr::account::statements {

// account_level_count is 16 shards a level, read as their sum (sql/046): a change moves the one
// it names (db::Connection::Shard).
inline constexpr int kCountShards = 16;
inline constexpr char kAddToLevelCount[] =
    "UPDATE account_level_count SET live = live + ? WHERE level = ? AND shard = ?";

inline constexpr char kAddUsers[] = "UPDATE account SET users_count = users_count + ? WHERE id = ?";
// The account lists' stamp (sql/029, sql/048): 16 rows read as their sum; a statement that
// changes what the admin's level lists order or hold (an owner's users_count, deleted_at) moves
// one, in its transaction, so remembered page places are read again (page_places.h). Inserts and
// hard deletes move it by trigger; updates do it here (sql/050), so that changes no list shows
// (suspending 10,000 users) pay nothing.
inline constexpr int kListStampShards = 16;
inline constexpr char kMoveListStamp[] =
    "UPDATE account_list_stamp SET stamp = stamp + 1 WHERE id = 1 + ?";
// An ancestor's usage totals move by a (signed) delta: a usage report, or a moved subtree.
inline constexpr char kMoveUsage[] = R"sql(
    UPDATE account SET quota_used = CAST(quota_used AS SIGNED) + ?,
                       traff_used = CAST(traff_used AS SIGNED) + ?
    WHERE id = ? AND level < )sql" RM_LEVEL_ADMIN;

// The groups denied to an account or to any account above it (its tree path names them).
#define RM_DENIED_ABOVE "a.tree_path LIKE CONCAT('%/', d.account_id, '/%')"
inline constexpr char kDeniedGroups[] =
    "SELECT DISTINCT d.grp AS grp FROM account a JOIN account_denied_group d ON " RM_DENIED_ABOVE
    " WHERE a.id = ?";
// account.denied_groups, refreshed from account_denied_group: one statement for the account
// itself, one for its subtree (see sql/008 and sql/017).
#define RM_REFRESH_DENIED(where)                                                         \
  "UPDATE account a SET a.denied_groups = (SELECT COALESCE(GROUP_CONCAT(DISTINCT d.grp " \
  "ORDER BY d.grp), '') FROM account_denied_group d WHERE " RM_DENIED_ABOVE ") WHERE " where
inline constexpr char kRefreshDenied[] = RM_REFRESH_DENIED("a.id = ?");
inline constexpr char kRefreshSubtreeDenied[] = RM_REFRESH_DENIED(RM_BELOW("a"));

}  // namespace resellermgr::account::statements
