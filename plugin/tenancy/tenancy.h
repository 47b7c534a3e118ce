#pragma once
// Tenancy: the tree of accounts and the one way a statement is kept inside a caller's part of it
// (DESIGN.md "Scope"). Every store that reads rows by a name from the request binds one of the
// predicates below; none writes its own.

#include <string>
#include <string_view>
#include <vector>

#include "core/caller.h"

namespace resellermgr::tenancy {

// The account levels by name (their numbers are core/caller.h's, the only place they stand).
using core::kAdminLevel;
using core::kResellerLevel;
using core::kUserLevel;

// The caller's effective account: scope of every statement that takes a name from the request.
// "In the caller's subtree" is a prefix match on the tree path (sql/017). An admin reaches every
// non-admin account; a reseller its sub-resellers and every user below it and them; a user
// nothing below itself.
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

// What a caller reaches, as the three values RM_IN_REACH binds, in its order.
struct Reach {
  bool admin;            // the host's admins reach every account
  long long account_id;  // anyone else its own account...
  std::string below;     // ...and every account below it (SubtreePatternOrNone)

  static Reach Of(const core::Caller& caller) {
    return {caller.admin(), caller.account_id, SubtreePatternOrNone(caller.account_path)};
  }
};

}  // namespace resellermgr::tenancy

// The scope predicates, over the account table aliased `a` in the statement. Each names the
// values it binds, in order.
// The account is in the caller's reach: binds Reach's admin, account_id, below.
#define RM_IN_REACH(a) "(? OR " a ".id = ? OR " a ".tree_path LIKE ?)"
// The account is below the caller, or the caller is an admin: binds admin, below.
#define RM_BELOW_OR_ADMIN(a) "(? OR " a ".tree_path LIKE ?)"
// The account is the caller's own or below it: binds account_id, below.
#define RM_AT_OR_BELOW(a) "(" a ".id = ? OR " a ".tree_path LIKE ?)"
// The account is strictly below a path: binds SubtreePattern(path).
#define RM_BELOW(a) a ".tree_path LIKE ?"
// The account is at a path or below it (its whole subtree): binds the path itself.
#define RM_SUBTREE_OF_PATH(a) a ".tree_path LIKE CONCAT(?, '%')"
