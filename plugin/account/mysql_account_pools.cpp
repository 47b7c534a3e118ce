// Pools and usage: what an owner hands out from its limits (checked atomically, owner row locked
// first), the account's own limit rows, and usage reports rolled up the tree.

#include <map>

#include "account/account_statements.h"
#include "account/account_store.h"
#include "base/errors.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "tenancy/limits.h"

namespace resellermgr::account {
namespace {

using base::ErrorKind;
using base::PluginError;

// Allocation of a pool: per limit, the sum over the owner's live children except one.
constexpr char kAllocated[] = R"sql(
    SELECT l.name, SUM(l.value) AS allocated
    FROM account c JOIN account_limit l ON l.account_id = c.id
    WHERE c.parent_id = ? AND c.deleted_at IS NULL AND c.id <> ?
    GROUP BY l.name)sql";
constexpr auto kAllocatedColumns = db::Columns::Of(kAllocated);
constexpr char kLockOwner[] =
    "SELECT a.level, a.oversell, a.users_count FROM account a "
    "WHERE a.id = ? AND a.deleted_at IS NULL FOR UPDATE";
constexpr auto kLockOwnerColumns = db::Columns::Of(kLockOwner);
// Who an owner answers to, read before anything is locked (its parent is locked first).
constexpr char kParentOf[] = "SELECT a.parent_id, a.level FROM account a WHERE a.id = ?";
constexpr auto kParentOfColumns = db::Columns::Of(kParentOf);
// The user slots an owner's sub-resellers hold (issue 20: sub-resellers are not users): the
// users limit given to each, or, to one without a limit of its own, the users it has.
constexpr char kUsersGivenBelow[] = R"sql(
    SELECT COALESCE(SUM(COALESCE(l.value, c.users_count)), 0) AS given
    FROM account c LEFT JOIN account_limit l ON l.account_id = c.id AND l.name = 'limit_users'
    WHERE c.parent_id = ? AND c.level = )sql" RM_LEVEL_RESELLER
                                    R"sql( AND c.deleted_at IS NULL AND c.id <> ?)sql";
constexpr auto kUsersGivenBelowColumns = db::Columns::Of(kUsersGivenBelow);
// Children over a new owner value, for the refusal message.
constexpr char kChildrenOver[] = R"sql(
    SELECT c.name, l.value
    FROM account c LEFT JOIN account_limit l ON l.account_id = c.id AND l.name = ?
    WHERE c.parent_id = ? AND c.deleted_at IS NULL AND (l.value IS NULL OR l.value > 0)
    ORDER BY l.value IS NULL DESC, l.value DESC, c.name
    LIMIT 10)sql";
constexpr auto kChildrenOverColumns = db::Columns::Of(kChildrenOver);
constexpr char kPutLimit[] = R"sql(
    INSERT INTO account_limit (account_id, name, value) VALUES (?, ?, ?)
    ON DUPLICATE KEY UPDATE value = VALUES(value))sql";
constexpr char kDropLimit[] = "DELETE FROM account_limit WHERE account_id = ? AND name = ?";
// account.limits, the list's copy of account_limit (see sql/009).
constexpr char kRefreshLimits[] = R"sql(
    UPDATE account a
       SET a.limits = (SELECT COALESCE(GROUP_CONCAT(l.name, '=', l.value ORDER BY l.name), '')
                         FROM account_limit l WHERE l.account_id = a.id)
     WHERE a.id = ?)sql";
// account.over_limit, kept with usage and limits: the same rule as the list's overlimit filter.
constexpr char kRefreshOverLimit[] = R"sql(
    UPDATE account a
       SET a.over_limit = EXISTS (
             SELECT 1 FROM account_limit l WHERE l.account_id = a.id AND
               ((l.name = 'limit_quota' AND a.quota_used > l.value) OR
                (l.name = 'limit_traff' AND a.traff_used > l.value)))
     WHERE a.id IN (?, ?))sql";
constexpr char kUsagePath[] =
    "SELECT tree_path FROM account WHERE name = ? AND level < " RM_LEVEL_ADMIN
    " AND deleted_at IS NULL";
constexpr auto kUsagePathColumns = db::Columns::Of(kUsagePath);
constexpr char kLockById[] = "SELECT id FROM account WHERE id = ? FOR UPDATE";
constexpr char kLockUsage[] = R"sql(
    SELECT id, own_quota_used, own_traff_used FROM account
    WHERE name = ? AND level < )sql" RM_LEVEL_ADMIN R"sql( AND deleted_at IS NULL FOR UPDATE)sql";
constexpr auto kLockUsageColumns = db::Columns::Of(kLockUsage);
// Signed arithmetic: a smaller report moves the totals down.
constexpr char kSetOwnUsage[] = R"sql(
    UPDATE account SET own_quota_used = ?, own_traff_used = ?,
      quota_used = CAST(quota_used AS SIGNED) + ?, traff_used = CAST(traff_used AS SIGNED) + ?,
      usage_reported_at = UTC_TIMESTAMP(6)
    WHERE id = ?)sql";

// An account's usage today in the history (sql/028): the day's last report wins.
constexpr char kRecordDay[] = R"sql(
    INSERT INTO usage_daily (account_id, day, quota_mib, traff_mib)
    SELECT id, UTC_DATE(), quota_used, traff_used FROM account WHERE id = ? AND level < )sql" RM_LEVEL_ADMIN
                              R"sql(
    ON DUPLICATE KEY UPDATE quota_mib = VALUES(quota_mib), traff_mib = VALUES(traff_mib))sql";

}  // namespace

UsersPool MySqlAccountStore::Users(long long owner_id, long long except_child_id) {
  UsersPool pool;
  auto owner = db::Select(db::Query(connection_, kLockOwner, owner_id));  // FOR UPDATE
  if (!owner->next() || owner->getInt(kLockOwnerColumns["level"]) >= kAdminLevel)
    return pool;  // the host's is unlimited
  pool.own = owner->getInt64(kLockOwnerColumns["users_count"]);
  auto given = db::Select(db::Query(connection_, kUsersGivenBelow, owner_id, except_child_id));
  given->next();
  pool.given = given->getInt64(kUsersGivenBelowColumns["given"]);
  const LimitValues limits = LoadLimits(owner_id);
  if (auto limit = limits.find("limit_users"); limit != limits.end())
    pool.limit = static_cast<long long>(limit->second);
  return pool;
}

// The owner's user slots for `asked` more (a new user, or a sub-reseller's users limit): its own
// users and what its sub-resellers hold stay within its limit_users. A sub-reseller with no
// users limit of its own draws on its parent's, which is checked too (and locked first).
void MySqlAccountStore::CheckUsers(long long owner_id, long long child_id, long long asked) {
  if (asked <= 0) return;
  auto parent = db::Select(db::Query(connection_, kParentOf, owner_id));
  if (!parent->next()) throw PluginError(ErrorKind::kNotFound, "owner");
  const long long parent_id = parent->isNull(kParentOfColumns["parent_id"])
                                  ? 0
                                  : parent->getInt64(kParentOfColumns["parent_id"]);
  const bool sub_reseller =
      parent->getInt(kParentOfColumns["level"]) == kResellerLevel && parent_id != 0;
  std::optional<UsersPool> above;
  if (sub_reseller) above = Users(parent_id, 0);  // parent before child
  const UsersPool pool = Users(owner_id, child_id);
  const auto refuse = [asked](const UsersPool& p) {
    throw PluginError(ErrorKind::kLimit, "limit_users", std::to_string(*p.limit),
                      std::to_string(asked) + " asked, " + std::to_string(p.left()) + " left (" +
                          std::to_string(p.own) + " users of your own, " + std::to_string(p.given) +
                          " given to sub-resellers, of " + std::to_string(*p.limit) + ")");
  };
  if (pool.limit) {
    if (pool.own + pool.given + asked > *pool.limit) refuse(pool);
  } else if (above && above->limit && above->own + above->given + asked > *above->limit) {
    refuse(*above);
  }
}

void MySqlAccountStore::CheckPool(long long owner_id, long long child_id,
                                  const LimitValues& child_limits, int users_delta) {
  // A new user takes a slot; a sub-reseller takes the users limit it is given (issue 20).
  if (users_delta > 0) {
    CheckUsers(owner_id, child_id, users_delta);
  } else if (auto users = child_limits.find("limit_users"); users != child_limits.end()) {
    CheckUsers(owner_id, child_id, static_cast<long long>(users->second));
  }
  auto owner_row = db::Select(db::Query(connection_, kLockOwner, owner_id));  // FOR UPDATE
  if (!owner_row->next()) throw PluginError(ErrorKind::kNotFound, "owner");
  if (owner_row->getInt(kLockOwnerColumns["level"]) >= kAdminLevel)
    return;  // the host's own pool is unlimited
  const bool oversell = owner_row->getBoolean(kLockOwnerColumns["oversell"]);
  const LimitValues owner_limits = LoadLimits(owner_id);
  std::map<std::string, std::uint64_t, std::less<>> allocated;
  auto rows = db::Select(db::Query(connection_, kAllocated, owner_id, child_id));
  while (rows->next())
    allocated[rows->getString(kAllocatedColumns["name"])] =
        rows->getUInt64(kAllocatedColumns["allocated"]);

  for (const LimitDescriptor& d : Descriptors()) {
    if (d.name == "limit_users") continue;
    auto owner_value = owner_limits.find(d.name);
    auto child_value = child_limits.find(d.name);
    if (d.kind == LimitKind::kFlag) {
      if (child_value != child_limits.end() && owner_value == owner_limits.end()) {
        throw PluginError(ErrorKind::kLimit, d.name, "on", d.name + ": the owner does not have it");
      }
      continue;
    }
    if (owner_value == owner_limits.end() || oversell) continue;  // unlimited pool
    // No limit of its own (ISPmanager's empty field): bounded by the pool, allocating nothing.
    if (child_value == child_limits.end()) continue;
    const std::uint64_t total = owner_value->second;
    const std::uint64_t used = allocated[d.name];
    const std::uint64_t left = used >= total ? 0 : total - used;
    if (child_value->second > left) {
      // What was asked and what is left (issue 20), then what is given out of what.
      throw PluginError(ErrorKind::kLimit, d.name, "",
                        FormatAmount(child_value->second, d.kind) + " asked, " +
                            FormatAmount(left, d.kind) + " left (" + FormatAmount(used, d.kind) +
                            " of " + FormatAmount(total, d.kind) + " given out)");
    }
  }
}

std::vector<LimitOverrun> MySqlAccountStore::Overruns(const Account& owner,
                                                      const LimitValues& new_limits) {
  std::map<std::string, std::uint64_t, std::less<>> allocated;
  auto rows = db::Select(db::Query(connection_, kAllocated, owner.id, 0LL));
  while (rows->next())
    allocated[rows->getString(kAllocatedColumns["name"])] =
        rows->getUInt64(kAllocatedColumns["allocated"]);

  std::vector<LimitOverrun> overruns;
  for (const LimitDescriptor& d : Descriptors()) {
    auto value = new_limits.find(d.name);
    if (value == new_limits.end() && d.kind != LimitKind::kFlag) continue;  // unlimited now
    const std::uint64_t limit = value == new_limits.end() ? 0 : value->second;
    bool over;
    std::string used_text;
    if (d.name == "limit_users") {
      const UsersPool pool = Users(owner.id, 0);
      over = static_cast<std::uint64_t>(pool.own + pool.given) > limit;
      used_text = std::to_string(pool.own) + " users exist and " + std::to_string(pool.given) +
                  " are given to sub-resellers";
    } else if (d.kind == LimitKind::kFlag) {
      over = value == new_limits.end() && allocated.count(d.name) > 0;
      used_text = "accounts still have it";
    } else {
      over = allocated[d.name] > limit;
      used_text = FormatAmount(allocated[d.name], d.kind) + " allocated";
    }
    if (!over) continue;
    LimitOverrun& overrun = overruns.emplace_back();
    overrun.limit = d.name;
    overrun.new_value = d.kind == LimitKind::kFlag ? "off" : FormatAmount(limit, d.kind);
    overrun.held = used_text;
    auto children = db::Select(db::Query(connection_, kChildrenOver, d.name, owner.id));
    while (children->next())
      overrun.accounts.push_back(children->getString(kChildrenOverColumns["name"]));
  }
  return overruns;
}

void MySqlAccountStore::CheckLowering(const Account& owner, const LimitValues& new_limits) {
  const std::vector<LimitOverrun> overruns = Overruns(owner, new_limits);
  if (overruns.empty()) return;
  const LimitOverrun& o = overruns.front();
  std::string names;
  for (const std::string& name : o.accounts) names += (names.empty() ? "" : ", ") + name;
  const auto limit = new_limits.find(o.limit);
  throw PluginError(ErrorKind::kLimit, o.limit,
                    std::to_string(limit == new_limits.end() ? 0 : limit->second),
                    o.limit + ": " + o.held + ", more than " + o.new_value + " (" + names +
                        "); lower theirs first or send force=on");
}

LimitValues MySqlAccountStore::Changed(const Account& account, const AccountChanges& changes) {
  LimitValues limits = account.limits;
  for (const auto& [name, value] : changes.limits) {
    if (value) {
      limits[name] = *value;
    } else {
      limits.erase(name);
    }
  }
  return limits;
}

std::vector<LimitOverrun> MySqlAccountStore::PreviewLimits(const Account& account,
                                                           const AccountChanges& changes) {
  if (changes.limits.empty()) return {};
  db::Transaction tx(connection_);  // CheckPool locks the owner's row, as the edit does
  const LimitValues limits = Changed(account, changes);
  CheckPool(account.owner_id, account.id, limits, 0);
  return account.level == kResellerLevel ? Overruns(account, limits) : std::vector<LimitOverrun>{};
}

void MySqlAccountStore::WriteLimits(long long account_id, const AccountChanges& changes) {
  for (const auto& [name, value] : changes.limits) {
    if (value) {
      db::Query(connection_, kPutLimit, account_id, name, static_cast<long long>(*value))
          .executeUpdate();
    } else {
      db::Query(connection_, kDropLimit, account_id, name).executeUpdate();
    }
  }
  if (!changes.limits.empty()) {
    db::Query(connection_, kRefreshLimits, account_id).executeUpdate();
    db::Query(connection_, kRefreshOverLimit, account_id, account_id).executeUpdate();
  }
}

std::vector<long long> MySqlAccountStore::ReportUsage(const std::string& name, const Usage& usage) {
  db::Transaction tx(connection_);
  auto path = db::Select(db::Query(connection_, kUsagePath, name));
  if (!path->next()) throw PluginError(ErrorKind::kNotFound, "elid", name);
  // Its ancestors, root first (parent before child), all but itself: each one's totals include
  // everything below it.
  std::vector<long long> ancestors =
      PathIds(std::string(path->getString(kUsagePathColumns["tree_path"])));
  if (!ancestors.empty()) ancestors.pop_back();
  for (long long ancestor : ancestors) db::Select(db::Query(connection_, kLockById, ancestor));
  const long long owner_id = ancestors.empty() ? 0 : ancestors.back();
  auto row = db::Select(db::Query(connection_, kLockUsage, name));
  if (!row->next()) throw PluginError(ErrorKind::kNotFound, "elid", name);
  const long long id = row->getInt64(kLockUsageColumns["id"]);
  const long long quota_delta =
      static_cast<long long>(usage.quota_mib) - row->getInt64(kLockUsageColumns["own_quota_used"]);
  const long long traff_delta =
      static_cast<long long>(usage.traff_mib) - row->getInt64(kLockUsageColumns["own_traff_used"]);
  db::Query(connection_, kSetOwnUsage, static_cast<long long>(usage.quota_mib),
            static_cast<long long>(usage.traff_mib), quota_delta, traff_delta, id)
      .executeUpdate();
  for (long long ancestor : ancestors)
    db::Query(connection_, statements::kMoveUsage, quota_delta, traff_delta, ancestor)
        .executeUpdate();
  db::Query(connection_, kRefreshOverLimit, id, owner_id).executeUpdate();
  // Today's figures in the history: the account's and those of the resellers above it.
  db::Query(connection_, kRecordDay, id).executeUpdate();
  for (long long ancestor : ancestors) db::Query(connection_, kRecordDay, ancestor).executeUpdate();
  if (ancestors.size() >= 3)  // a sub-reseller's user: the reseller above moved too
    db::Query(connection_, kRefreshOverLimit, ancestors[ancestors.size() - 2], owner_id)
        .executeUpdate();
  tx.Commit();
  // The path's root is the host's admin, whose figures nobody limits: not among them.
  std::vector<long long> moved{id};
  if (!ancestors.empty()) moved.insert(moved.end(), ancestors.rbegin(), ancestors.rend() - 1);
  return moved;
}

std::map<std::string, std::uint64_t, std::less<>> MySqlAccountStore::Allocated(
    long long account_id) {
  std::map<std::string, std::uint64_t, std::less<>> allocated;
  auto rows = db::Select(db::Query(connection_, kAllocated, account_id, 0LL));
  while (rows->next())
    allocated[rows->getString(kAllocatedColumns["name"])] =
        rows->getUInt64(kAllocatedColumns["allocated"]);
  return allocated;
}

}  // namespace resellermgr::account
