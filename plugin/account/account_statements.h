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
