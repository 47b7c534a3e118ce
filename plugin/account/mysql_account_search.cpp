// Search across resellers and users (issue 13, feature 4): by name, e-mail or full name, in the
// caller's scope.

#include "account/account_store.h"
#include "tenancy/tenancy.h"

namespace resellermgr::account {
namespace {

// Case-insensitive "contains" (Cyrillic too): the columns are binary, so both sides are lowered
// in a case-aware collation. LIKE's own wildcards in the text are escaped.
#define RM_SEARCH(scope)                                                             \
  "SELECT a.name, a.level, COALESCE(o.name, ''), a.fullname, a.email, a.suspended "  \
  "FROM account a LEFT JOIN account o ON o.id = a.parent_id "                        \
  "WHERE a.deleted_at IS NULL AND a.level IN (" RM_LEVEL_USER ", " RM_LEVEL_RESELLER \
  ") AND " scope                                                                     \
  " AND (LOWER(CONVERT(a.name USING utf8mb4)) LIKE LOWER(?) "                        \
  "OR LOWER(CONVERT(a.email USING utf8mb4)) LIKE LOWER(?) "                          \
  "OR LOWER(CONVERT(a.fullname USING utf8mb4)) LIKE LOWER(?)) ORDER BY a.name LIMIT ?"
constexpr char kSearchAll[] = RM_SEARCH("TRUE");
constexpr char kSearchBelow[] = RM_SEARCH(RM_BELOW("a"));

}  // namespace

std::vector<Account> MySqlAccountStore::Search(const Scope& scope, const std::string& text,
                                               int limit) {
  if (scope.level < kResellerLevel) return {};
  const std::string pattern = db::LikeContains(text);
  auto rows = scope.level >= kAdminLevel
                  ? db::Select(db::Query(connection_, kSearchAll, pattern, pattern, pattern, limit))
                  : db::Select(db::Query(connection_, kSearchBelow, SubtreePattern(scope.path),
                                         pattern, pattern, pattern, limit));
  std::vector<Account> found;
  while (rows->next()) {
    Account a;
    a.name = rows->getString(1);
    a.level = rows->getInt(2);
    a.owner = rows->getString(3);
    a.fullname = rows->getString(4);
    a.email = rows->getString(5);
    a.suspended = rows->getBoolean(6);
    found.push_back(std::move(a));
  }
  return found;
}

}  // namespace resellermgr::account
