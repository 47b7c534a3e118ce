#pragma once
// Tenants: resellers and hosting users, as the account functions see them.

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/caller.h"

namespace resellermgr::account {

// Limit values by name ("limit_quota"). A missing count/mib limit means "unlimited"; a missing
// flag means "off" (flags are stored as 1).
using LimitValues = std::map<std::string, std::uint64_t, std::less<>>;

enum class LimitKind { kCount, kMib, kFlag };

struct LimitDescriptor {
  std::string name;
  LimitKind kind;
  std::vector<std::string>
      isp4_aliases;  // the usual one first (limit_descriptor), then limit_alias
};

// The caller's effective account: scope of every statement that takes a name from the request.
// Tenancy's one predicate: "in the caller's subtree" is a prefix match on the tree path
// (sql/017). An admin reaches every non-admin account; a reseller its sub-resellers and every
// user below it and them; a user nothing below itself.
// The account levels the stores and lists name (core/caller.h).
using core::kAdminLevel;
using core::kResellerLevel;
using core::kUserLevel;

struct Scope {
  long long account_id;
  int level;
  std::string path;  // the caller's tree path, "/1/5/"

  static Scope Of(const core::Caller& caller) {
    return {caller.account_id, static_cast<int>(caller.level), caller.account_path};
  }
  // How deep the caller is: 0 the host's admins, 1 a reseller, 2 a sub-reseller or a user of
  // a reseller, 3 a user of a sub-reseller.
  int depth() const;
};

// The depth of a tree path ("/1/" is 0).
int Depth(std::string_view tree_path);
// The ids of a tree path from the root down, the account's own last.
std::vector<long long> PathIds(std::string_view tree_path);
// The LIKE pattern of everything strictly below `tree_path` (ids and slashes: nothing to escape).
// Throws std::logic_error for an account without a path (a bug, never a request's fault).
std::string SubtreePattern(const std::string& tree_path);
// The same for a caller whose path may be unknown (an admin reached by a local tool): an empty
// path matches nothing below, never everything.
std::string SubtreePatternOrNone(const std::string& tree_path);

struct Account {
  long long id = 0;
  std::string name;
  int level = 0;
  long long owner_id = 0;
  std::string owner;
  std::string fullname, email, phone, company, address, comment;
  bool oversell = false;
  bool suspended = false;
  long long users_count = 0;
  std::uint64_t quota_used = 0;  // MiB; for an owner, its own plus its accounts'
  std::uint64_t traff_used = 0;  // MiB this month, likewise
  LimitValues limits;
  // The owner's limits: what a limit the account has none of its own is bounded by (empty for
  // the host's own accounts, whose pool is unlimited).
  LimitValues owner_limits;
  std::string preset;  // the template its limits came from ("" when none)
  std::string tree_path;
  bool may_resell = false;    // a reseller the admin lets create sub-resellers
  std::string allowed_ips;    // the company's address lock (normalised); empty: any address
  bool require_totp = false;  // every login of the company needs a second factor
  bool own_client = false;    // a reseller's own client account (sql/027)
};

struct Usage {
  std::uint64_t quota_mib = 0;
  std::uint64_t traff_mib = 0;
};

// Fields of a create or change; unset optionals keep their value.
struct AccountChanges {
  std::optional<std::string> fullname, email, phone, company, address, comment;
  std::optional<bool> oversell;
  std::optional<std::string> password_hash;
  std::optional<bool> force_password_change;
  std::optional<std::string> preset;       // the template the limits come from
  std::optional<std::string> allowed_ips;  // normalised (core/ip_list.h)
  std::optional<bool> require_totp;
  std::optional<bool> may_resell;
  // name -> new value; nullopt removes the limit (unlimited / off).
  std::map<std::string, std::optional<std::uint64_t>, std::less<>> limits;
};

struct ListQuery {
  int level;  // which accounts: 24 resellers, 16 users
  std::optional<long long> owner_id;
  std::string name_contains;       // filter
  std::optional<bool> suspended;   // filter
  bool over_limit = false;         // filter: disk or traffic used above the limit
  std::vector<std::string> names;  // filter: only these (exact names), when not empty
  std::string sort = "name";       // a whitelisted column name
  bool descending = false;
  int page = 1;
  int page_size = 20;
};

// A list's saved filter (reseller.filter / user.filter): status is "", "active", "suspended" or
// "overlimit". The same struct the session carries in Caller::saved_filters.
using ListFilter = core::SavedListFilter;

// How many accounts of one level the caller reaches, for the dashboard.
// An owner's user slots (issue 20: sub-resellers are not users, and what a reseller gives them
// comes out of its users limit).
struct UsersPool {
  long long own = 0;               // its own user accounts
  long long given = 0;             // held by its sub-resellers
  std::optional<long long> limit;  // its limit_users; none: no limit of its own
  long long left() const { return limit ? std::max(0LL, *limit - own - given) : 0; }
};

struct LevelCounts {
  int level = 0;
  long long total = 0;
  long long suspended = 0;
  long long over_limit = 0;  // disk or traffic used above the account's own limit
};

struct ListResult {
  std::vector<Account> rows;  // the list's columns: phone, company, comment, oversell left unset
  long long total = 0;
};

}  // namespace resellermgr::account
