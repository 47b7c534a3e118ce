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
#include "tenancy/limits.h"
#include "tenancy/tenancy.h"

namespace resellermgr::account {

// Tenancy's words, as the account family uses them (tenancy/tenancy.h).
using tenancy::AppendLimitFields;
using tenancy::Depth;
using tenancy::FormatAmount;
using tenancy::kAdminLevel;
using tenancy::kResellerLevel;
using tenancy::kUserLevel;
using tenancy::LimitDescriptor;
using tenancy::LimitKind;
using tenancy::LimitValues;
using tenancy::ParseLimitFields;
using tenancy::ParseMib;
using tenancy::PathIds;
using tenancy::Scope;
using tenancy::SubtreePattern;
using tenancy::SubtreePatternOrNone;

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
  // Whether logging in as the account needs a reason (su; set by its owner in usrparam).
  std::optional<bool> su_reason_required;
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
