// The account lists (reseller, user, userstat): one page of the caller's accounts of a level,
// sorted, filtered and counted, in as few statements as the list allows (usually one).

#include "account/account_store.h"
#include "account/mysql_account_rows.h"
#include "base/errors.h"
#include "db/columns.h"
#include "tenancy/tenancy.h"

namespace resellermgr::account {
namespace {

// A page's columns: an account's list columns, the list's total (NULL where the page does not
// count it), the session's question when the request carries one (db::CarriedCheck: a list read
// with a session is one round trip) and, for the lists that remember places, the order's stamp
// (see ListPage).
constexpr db::Columns kPageRow{RM_LIST_COLUMNS ", total, carried, stamp"};
// A filtered list's count, with the session's question when the page had no row to carry it.
#define RM_COUNT_COLUMNS "COUNT(*) AS total, "
constexpr db::Columns kCountRow{RM_COUNT_COLUMNS "carried"};

using base::ErrorKind;
using base::PluginError;
using store::BindScope;
using store::ReadListRow;
using store::Scoped;

// Sort columns: the only text from the request that reaches SQL, through this whitelist.
const std::map<std::string, std::string, std::less<>> kSortColumns = {
    {"name", "a.name"},          {"fullname", "a.fullname"}, {"email", "a.email"},
    {"owner", "o.name"},         {"users", "a.users_count"}, {"active", "a.suspended"},
    {"preset", "a.preset"},      {"level", "a.level"},       {"quota", "a.quota_used"},
    {"traffic", "a.traff_used"},
};
// The index that holds each sortable column in order within a level (sql/002, 003, 014). The
// admin's whole lists name it: the statement then reads the page straight off it, and the
// optimizer does not weigh the account table's other indexes on every execution (about a third
// of a first page's time on the server, more for a page that seeks, measured with ANALYZE).
const std::map<std::string, std::string, std::less<>> kSortIndexes = {
    {"name", "account_level_name"},        {"users", "account_level_users"},
    {"quota", "account_level_quota"},      {"traffic", "account_level_traff"},
    {"active", "account_level_suspended"},
};

// The orders whose pages remember their places: those whose keys the account_list_stamp
// triggers watch (sql/029), each with whether its key is a number (users_count) or text (name).
const std::map<std::string, bool, std::less<>> kPlacedOrders = {{"name", false}, {"users", true}};

// A reseller's whole user list, when no sub-reseller is below it (nearly always): its users are
// then its own, read in order off an index of its own users in that order, with the count it
// keeps of them (users_count), instead of sorting and counting its subtree in a window (issue
// 26: 0.42 ms of MariaDB for a reseller with 100 users among a million; a page of a reseller
// with 10,000 users sorted by quota took 20 ms). No row means a sub-reseller below, or a page
// past the end: the general statement answers then. The orders with such an index (sql/066),
// and the order by status, read as two branches in id order (kStatusFrom...; an index on the
// status would be one more entry for every suspension to move):
struct DirectOrder {
  const char* index;  // (parent_id, deleted_at, own_client, key); nullptr: by status, below
  const char* key;    // the ORDER BY key
};
#define RM_DIRECT_FROM_HEAD " FROM account o JOIN account a FORCE INDEX ("
#define RM_DIRECT_FROM_TAIL ") ON a.parent_id = o.id AND a.deleted_at IS NULL AND a.own_client = 0"
#define RM_DIRECT_FROM(index) RM_DIRECT_FROM_HEAD index RM_DIRECT_FROM_TAIL
const std::map<std::string, DirectOrder, std::less<>> kDirectOrders = {
    {"name", {"account_parent_name", "a.name"}},
    {"quota", {"account_parent_quota", "a.quota_used"}},
    {"traffic", {"account_parent_traff", "a.traff_used"}},
    {"active", {nullptr, "a.suspended"}},
};
// A deep page (from row kDeepOffset on) takes its ids from the order's index alone, then reads
// those rows: OFFSET then skips index entries, not whole rows (page 250 of a 10,000-user reseller,
// 20 a page: 5.7 ms of MariaDB row by row, 1.4 ms off the index). The index holds no level: with no
// sub-reseller below (the page's NOT EXISTS), every live account under the reseller but its own
// client account is one of its users.
constexpr long long kDeepOffset = 200;
#define RM_DEEP_IDS_WHERE " WHERE a.parent_id = ? AND a.deleted_at IS NULL AND a.own_client = 0"
// The first N active and the first N suspended own users, in id order (N: the rows up to the
// page's end), as the derived table the page is read from. The active ones come off
// (parent_id, id); the suspended ones off whichever index the server's statistics favour: most
// often (level, deleted_at, own_client, suspended), whose few suspended users are in id order
// too (forced onto the owner's index, a reseller with 10,000 active users read all of them to
// find none suspended: 6.5 ms against 0.2).
#define RM_STATUS_BRANCH(index, status, direction)         \
  "(SELECT a.id FROM account a " index                     \
  " WHERE a.parent_id = ?"                                 \
  " AND a.deleted_at IS NULL AND a.level = " RM_LEVEL_USER \
  " AND a.own_client = 0"                                  \
  " AND a.suspended = " status " ORDER BY a.id " direction " LIMIT ?)"
#define RM_STATUS_FROM(direction) \
  " FROM (" RM_STATUS_BRANCH("FORCE INDEX (account_parent)", "0", direction) " UNION ALL "    \
  RM_STATUS_BRANCH("", "1", direction) ") page JOIN account a ON a.id = page.id"              \
  " JOIN account o ON o.id = a.parent_id"
constexpr char kStatusFromAsc[] = RM_STATUS_FROM("ASC");
constexpr char kStatusFromDesc[] = RM_STATUS_FROM("DESC");
#define RM_DIRECT_WHERE                                                         \
  " WHERE o.id = ? AND a.level = " RM_LEVEL_USER                                \
  " AND a.own_client = 0"                                                       \
  " AND NOT EXISTS (SELECT 1 FROM account s WHERE s.level = " RM_LEVEL_RESELLER \
  " AND s.deleted_at IS NULL AND s.tree_path LIKE ?)"
#define RM_DIRECT_USERS_COLUMNS "SELECT " RM_LIST_COLUMNS ", o.users_count AS total, "
static_assert(db::Columns::Of(RM_DIRECT_USERS_COLUMNS
                              "NULL AS carried, 0 AS stamp" RM_DIRECT_FROM("account_parent_name")
                                  RM_DIRECT_WHERE) == kPageRow);

// A row of a statement that carried the session's question answers it (at `column`).
void AnswerCarried(db::CarriedCheck& carried, sql::ResultSet& row, int column) {
  if (carried.open()) carried.Answer(row.getInt(column) == 1);
}

std::optional<ListResult> DirectUsersPage(db::Connection& connection, const Scope& scope,
                                          const ListQuery& query) {
  const long long offset = static_cast<long long>(query.page - 1) * query.page_size;
  db::CarriedCheck& carried = connection.carried();
  const DirectOrder& order = kDirectOrders.at(query.sort);
  const char* direction = query.descending ? " DESC" : " ASC";
  const bool by_status = order.index == nullptr;
  const bool deep = !by_status && offset >= kDeepOffset;
  std::string order_by = " ORDER BY ";
  order_by.append(order.key).append(direction).append(", a.id").append(direction);
  std::string sql = RM_DIRECT_USERS_COLUMNS;
  sql.append(carried.Column()).append(", 0 AS stamp");
  if (by_status) {
    sql.append(query.descending ? kStatusFromDesc : kStatusFromAsc);
  } else if (deep) {
    sql.append(" FROM (SELECT a.id FROM account a FORCE INDEX (").append(order.index).append(")");
    sql.append(RM_DEEP_IDS_WHERE).append(order_by).append(" LIMIT ? OFFSET ?) page");
    sql.append(" JOIN account a ON a.id = page.id JOIN account o ON o.id = a.parent_id");
  } else {
    sql.append(RM_DIRECT_FROM_HEAD).append(order.index).append(RM_DIRECT_FROM_TAIL);
  }
  sql.append(RM_DIRECT_WHERE).append(order_by).append(" LIMIT ? OFFSET ?");
  sql::PreparedStatement& page = connection.Prepare(sql.c_str());
  int next = carried.Bind(page, 1);
  if (by_status) {
    for (int branch = 0; branch < 2; ++branch) {
      page.setInt64(next++, scope.account_id);
      page.setInt64(next++, offset + query.page_size);
    }
  } else if (deep) {
    page.setInt64(next++, scope.account_id);
    page.setInt(next++, query.page_size);
    page.setInt64(next++, offset);
  }
  page.setInt64(next++, scope.account_id);
  page.setString(next++, tenancy::SubtreePattern(scope.path));
  page.setInt(next++, query.page_size);
  page.setInt64(next, deep ? 0 : offset);
  auto rows = db::Select(page);
  ListResult result;
  while (rows->next()) {
    AnswerCarried(carried, *rows, kPageRow["carried"]);
    result.rows.push_back(ReadListRow(*rows));
    result.total = rows->getInt64(kPageRow["total"]);
  }
  if (result.rows.empty()) return std::nullopt;
  return result;
}

}  // namespace

ListResult MySqlAccountStore::List(const Scope& scope, const ListQuery& query) {
  return ListPage(scope, query, true);
}

ListResult MySqlAccountStore::ListPage(const Scope& scope, const ListQuery& query, bool seek) {
  auto sort = kSortColumns.find(query.sort);
  if (sort == kSortColumns.end()) throw PluginError(ErrorKind::kInvalidValue, "p_sort", query.sort);
  // A reseller's own client account is no row of a list (sql/031): billing modules count the
  // rows as the accounts they sold. It stays reachable by name (elid=NAME-own).
  std::string where = " WHERE a.level = ? AND a.deleted_at IS NULL AND " RM_IN_SCOPE;
  if (query.names.empty()) where += " AND a.own_client = 0";
  if (query.owner_id) where += " AND a.parent_id = ?";
  if (!query.name_contains.empty()) where += " AND a.name LIKE ?";
  if (!query.names.empty())
    where += " AND a.name IN (" + db::Placeholders(query.names.size()) + ")";
  if (query.suspended) where += " AND a.suspended = ?";
  if (query.over_limit) {
    where +=
        " AND EXISTS (SELECT 1 FROM account_limit l WHERE l.account_id = a.id AND "
        "((l.name = 'limit_quota' AND a.quota_used > l.value) OR "
        "(l.name = 'limit_traff' AND a.traff_used > l.value)))";
  }

  // Unfiltered lists read their total from a maintained count, in the page query itself: one
  // statement carries the rows, their limits (a.limits, kept by WriteLimits) and the total.
  const bool filtered = !query.name_contains.empty() || query.suspended.has_value() ||
                        query.over_limit || !query.names.empty();
  if (!filtered && query.level == kUserLevel && scope.level < kAdminLevel &&
      scope.level >= kResellerLevel && kDirectOrders.contains(query.sort) && !query.owner_id) {
    if (std::optional<ListResult> direct = DirectUsersPage(connection_, scope, query))
      return *direct;
  }
  where = Scoped(where, scope);
  // Binds the WHERE parameters from position `i`; returns the next position.
  auto bind = [&](sql::PreparedStatement& s, int i) {
    s.setInt(i++, query.level);
    i += BindScope(s, i, scope);
    if (query.owner_id) s.setInt64(i++, *query.owner_id);
    if (!query.name_contains.empty()) s.setString(i++, db::LikeContains(query.name_contains));
    for (const std::string& name : query.names) s.setString(i++, name);
    if (query.suspended) s.setBoolean(i++, *query.suspended);
    return i;
  };

  // A reseller's subtree (its users, its sub-resellers and theirs) counts itself in the same
  // pass with a window function.
  std::string total_column = "NULL";
  long long total_key = 0;
  bool windowed = false;
  if (!filtered && scope.level >= kAdminLevel && !query.owner_id) {
    total_column = "(SELECT SUM(live) FROM account_level_count WHERE level = ?)";
    total_key = query.level;
  } else if (!filtered) {
    total_column = "COUNT(*) OVER ()";
    windowed = true;
  }

  const char* direction = query.descending ? " DESC" : " ASC";
  const std::string order = " ORDER BY " + sort->second + direction + ", a.id" + direction;
  // A reseller's whole subtree comes off the tree index (sql/030), whatever the order.
  const auto index = kSortIndexes.find(query.sort);
  const bool subtree = windowed && scope.level < kAdminLevel && !query.owner_id;
  const std::string accounts = total_key != 0 && index != kSortIndexes.end()
                                   ? " FROM account a FORCE INDEX (" + index->second + ")"
                               : subtree
                                   ? std::string(" FROM account a FORCE INDEX (account_level_tree)")
                                   : std::string(" FROM account a");
  const std::string joined = accounts + " JOIN account o ON o.id = a.parent_id";

  // The admin's whole lists in the orders whose keys only the account_list_stamp triggers
  // watch (sql/029) remember where their pages begin (page_places.h): a page then seeks to the
  // nearest place at or before it and skips only the rows between. Such a page reads one row
  // more than it shows, to remember where the next one begins, and the stamp, to check that
  // the place it started from still holds.
  // The first page (the one asked for most) starts at no place and remembers none: it reads no
  // stamp and no extra row; the second page skips its 20 rows by OFFSET off the index.
  const auto placed_order = kPlacedOrders.find(query.sort);
  const long long offset = static_cast<long long>(query.page - 1) * query.page_size;
  const bool placed = total_key != 0 && placed_order != kPlacedOrders.end() && offset > 0;
  const bool numeric_key = placed && placed_order->second;
  const std::string order_key =
      placed ? std::to_string(query.level) + "/" + query.sort + direction : std::string();
  std::optional<PagePlace> from =
      seek && placed && offset > 0 ? places_.AtOrBefore(order_key, offset) : std::nullopt;
  std::string from_place;
  if (from) {
    // The rows from the place on, in the order: (key, id) at or after the place's.
    const char* past = query.descending ? " < " : " > ";
    from_place = " AND (" + sort->second + past + "? OR (" + sort->second + " = ? AND a.id" +
                 (query.descending ? " <= " : " >= ") + "?))";
  }
  const long long skip = from ? offset - from->offset : offset;
  const int rows_wanted = query.page_size + (placed ? 1 : 0);

  // Deep pages use a deferred join: the page's ids come from the index alone, so rows skipped by
  // OFFSET cost an index entry each, not a row read and an owner lookup. So do counted lists:
  // the count and the sort then go over narrow index entries, not whole rows (half the server's
  // time for a reseller's first page of 20 users out of 100). Other shallow pages skip the
  // derived table (and its temporary table), which would cost more than it saves.
  constexpr long long kDeferredJoinOffset = 200;
  const bool deep = skip >= kDeferredJoinOffset || windowed;
  db::CarriedCheck& carried = connection_.carried();
  const std::string columns =
      "SELECT " RM_LIST_COLUMNS ", " +
      (deep && windowed ? std::string("page.total") : total_column) + " AS total, " +
      carried.Column() + (placed ? ", (SELECT SUM(stamp) FROM account_list_stamp) AS stamp" : "");
  const std::string page_sql =
      deep ? columns + " FROM (SELECT a.id" + (windowed ? ", COUNT(*) OVER () AS total" : "") +
                 (query.sort == "owner" ? joined : accounts) + where + from_place + order +
                 " LIMIT ? OFFSET ?) page JOIN account a ON a.id = page.id "
                 "JOIN account o ON o.id = a.parent_id" +
                 order
           : columns + joined + where + from_place + order + " LIMIT ? OFFSET ?";
  sql::PreparedStatement& page = connection_.Prepare(page_sql.c_str());
  int next = 1;
  if (total_key != 0) page.setInt64(next++, total_key);
  next = carried.Bind(page, next);
  next = bind(page, next);
  if (from) {
    for (int i = 0; i < 2; ++i) {
      if (numeric_key)
        page.setInt64(next++, std::stoll(from->value));
      else
        page.setString(next++, from->value);
    }
    page.setInt64(next++, from->id);
  }
  page.setInt(next, rows_wanted);
  page.setInt64(next + 1, skip);

  ListResult result;
  bool have_total = false;
  unsigned long long stamp = 0;
  auto rows = db::Select(page);
  while (rows->next()) {
    AnswerCarried(carried, *rows, kPageRow["carried"]);
    result.rows.push_back(ReadListRow(*rows));
    if (!rows->isNull(kPageRow["total"])) {
      result.total = rows->getInt64(kPageRow["total"]);
      have_total = true;
    }
    if (placed) stamp = rows->getUInt64(kPageRow["stamp"]);
  }
  if (from && (result.rows.empty() || stamp != from->stamp)) {
    // The order changed since the place was read (its places go), or nothing follows the place
    // (past the end, or rows left before it): read the page the long way, which also remembers
    // places under the stamp it reads.
    if (!result.rows.empty()) places_.Forget(order_key);
    return ListPage(scope, query, false);
  }
  if (placed && !result.rows.empty()) {
    const auto place_of = [&](const Account& a, long long at) {
      return PagePlace{at, numeric_key ? std::to_string(a.users_count) : a.name, a.id, stamp};
    };
    places_.Remember(order_key, place_of(result.rows.front(), offset));
    if (static_cast<int>(result.rows.size()) > query.page_size) {
      places_.Remember(order_key, place_of(result.rows.back(), offset + query.page_size));
      result.rows.pop_back();
    }
  }
  if (!have_total) {  // filtered, or a page past the end
    std::string sql = "SELECT " RM_COUNT_COLUMNS;
    sql.append(carried.Column()).append(" FROM account a").append(where);
    sql::PreparedStatement& count = connection_.Prepare(sql.c_str());
    bind(count, carried.Bind(count, 1));
    auto total = db::Select(count);
    total->next();
    AnswerCarried(carried, *total, kCountRow["carried"]);
    result.total = total->getInt64(kCountRow["total"]);
  }
  return result;
}

}  // namespace resellermgr::account
