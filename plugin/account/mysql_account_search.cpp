// Search across resellers and users (issue 13, feature 4): by name, e-mail or full name, in the
// caller's scope.

#include "account/account_store.h"
#include "db/columns.h"
#include "tenancy/tenancy.h"

namespace resellermgr::account {
namespace {

// Case-insensitive "contains" (Cyrillic too): the columns are binary, so both sides are lowered
// in a case-aware collation. LIKE's own wildcards in the text are escaped.
#define RM_SEARCH(scope)                                                             \
  "SELECT a.name, a.level, COALESCE(o.name, '') AS owner, a.fullname, a.email, "     \
  "a.suspended "                                                                     \
  "FROM account a LEFT JOIN account o ON o.id = a.parent_id "                        \
  "WHERE a.deleted_at IS NULL AND a.level IN (" RM_LEVEL_USER ", " RM_LEVEL_RESELLER \
  ") AND " scope                                                                     \
  " AND (LOWER(CONVERT(a.name USING utf8mb4)) LIKE LOWER(?) "                        \
  "OR LOWER(CONVERT(a.email USING utf8mb4)) LIKE LOWER(?) "                          \
  "OR LOWER(CONVERT(a.fullname USING utf8mb4)) LIKE LOWER(?)) ORDER BY a.name LIMIT ?"
constexpr char kSearchAll[] = RM_SEARCH("TRUE");
constexpr char kSearchBelow[] = RM_SEARCH(RM_BELOW("a"));
constexpr auto kFoundRow = db::Columns::Of(kSearchAll);
static_assert(kFoundRow == db::Columns::Of(kSearchBelow));

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
    a.name = rows->getString(kFoundRow["name"]);
    a.level = rows->getInt(kFoundRow["level"]);
    a.owner = rows->getString(kFoundRow["owner"]);
    a.fullname = rows->getString(kFoundRow["fullname"]);
    a.email = rows->getString(kFoundRow["email"]);
    a.suspended = rows->getBoolean(kFoundRow["suspended"]);
    found.push_back(std::move(a));
  }
  return found;
}

}  // namespace resellermgr::account
