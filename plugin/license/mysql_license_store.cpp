#include <cppconn/exception.h>

#include <array>

#include "base/errors.h"
#include "core/caller.h"
#include "db/columns.h"
#include "license/license_store.h"

namespace resellermgr::license {
namespace {

using base::ErrorKind;
using base::PluginError;

constexpr int kDuplicateKey = 1062;

constexpr char kTypes[] = R"sql(
    SELECT t.code, t.name, t.product, t.multiple, t.enabled,
           (SELECT COUNT(*) FROM license l JOIN account a ON a.id = l.account_id
             WHERE l.type_code = t.code AND )sql" RM_IN_REACH("a") R"sql() AS in_use
    FROM license_type t WHERE (t.enabled OR NOT ?) ORDER BY t.code)sql";
constexpr auto kTypeRow = db::Columns::Of(kTypes);
constexpr char kType[] =
    "SELECT t.code, t.name, t.product, t.multiple, t.enabled, 0 AS in_use FROM license_type t "
    "WHERE t.code = ?";
static_assert(kTypeRow == db::Columns::Of(kType));
constexpr char kAddType[] =
    "INSERT INTO license_type (code, name, product, multiple, enabled) VALUES (?, ?, ?, ?, ?)";
constexpr char kUpdateType[] =
    "UPDATE license_type SET name = ?, product = ?, multiple = ?, enabled = ? WHERE code = ?";

// A licence row as the lists show it: its holder's name, its type's name, its server account.
#define RM_LICENSE_ROW                                                                        \
  "SELECT l.id, l.ip, l.hostname, a.name AS owner, COALESCE(s.login, '') AS server_account, " \
  "DATE_FORMAT(l.created_at, '%Y-%m-%d %H:%i') AS created, "                                  \
  "COALESCE(DATE_FORMAT(l.last_checkin, '%Y-%m-%d %H:%i'), '') AS last_checkin, "             \
  "l.type_code, t.name AS type_name, l.account_id, "                                          \
  "COALESCE(l.last_checkin, l.created_at) < UTC_TIMESTAMP(6) - INTERVAL ? DAY AS stale, "     \
  "l.key_id IS NOT NULL AS by_key "                                                           \
  "FROM license l JOIN account a ON a.id = l.account_id "                                     \
  "JOIN license_type t ON t.code = l.type_code "                                              \
  "LEFT JOIN server_account s ON s.id = l.server_account_id "
// The list's filters, after the reach: an IP prefix, a type, a search, a server account.
#define RM_LICENSE_FILTERS                                             \
  " AND (? = '' OR l.ip LIKE CONCAT(?, '%'))"                          \
  " AND (? = 0 OR l.type_code = ?)"                                    \
  " AND (? = '' OR l.ip LIKE ? OR l.hostname LIKE ? OR a.name LIKE ?)" \
  " AND (? = 0 OR l.server_account_id = ?)"
#define RM_LICENSE_LIST(order)                                                   \
  RM_LICENSE_ROW "WHERE " RM_IN_REACH("a") RM_LICENSE_FILTERS " ORDER BY " order \
                                                              " LIMIT ? "        \
                                                              "OFFSET ?"

constexpr auto kLicenseRow = db::Columns::Of(RM_LICENSE_LIST("l.ip"));
// One statement per sort column and direction (the order is never a request's text).
constexpr std::array<std::pair<const char*, const char*>, 12> kListBySort = {{
    {"ip", RM_LICENSE_LIST("l.ip, l.type_code")},
    {"-ip", RM_LICENSE_LIST("l.ip DESC, l.type_code")},
    {"hostname", RM_LICENSE_LIST("l.hostname, l.ip")},
    {"-hostname", RM_LICENSE_LIST("l.hostname DESC, l.ip")},
    {"created", RM_LICENSE_LIST("l.created_at, l.id")},
    {"-created", RM_LICENSE_LIST("l.created_at DESC, l.id DESC")},
    {"last_checkin", RM_LICENSE_LIST("l.last_checkin, l.id")},
    {"-last_checkin", RM_LICENSE_LIST("l.last_checkin DESC, l.id DESC")},
    {"type", RM_LICENSE_LIST("l.type_code, l.ip")},
    {"-type", RM_LICENSE_LIST("l.type_code DESC, l.ip")},
    {"owner", RM_LICENSE_LIST("a.name, l.ip")},
    {"-owner", RM_LICENSE_LIST("a.name DESC, l.ip")},
}};
constexpr char kCount[] =
    "SELECT COUNT(*) AS n FROM license l JOIN account a ON a.id = l.account_id "
    "WHERE " RM_IN_REACH("a") RM_LICENSE_FILTERS;
constexpr auto kCountRow = db::Columns::Of(kCount);
constexpr char kStale[] = R"sql(
    SELECT COUNT(*) AS n FROM license l JOIN account a ON a.id = l.account_id
    WHERE )sql" RM_IN_REACH("a") R"sql(
      AND COALESCE(l.last_checkin, l.created_at) < UTC_TIMESTAMP(6) - INTERVAL ? DAY)sql";
static_assert(kCountRow == db::Columns::Of(kStale));
constexpr char kFind[] = RM_LICENSE_ROW "WHERE l.id = ? AND " RM_IN_REACH("a") " FOR UPDATE";
static_assert(kLicenseRow == db::Columns::Of(kFind));
constexpr char kOfIp[] = RM_LICENSE_ROW "WHERE l.ip = ? ORDER BY l.type_code";
static_assert(kLicenseRow == db::Columns::Of(kOfIp));
constexpr char kAdd[] = R"sql(
    INSERT INTO license (ip, type_code, account_id, server_account_id, key_id, hostname)
    VALUES (?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?))sql";
constexpr char kSetServerAccount[] =
    "UPDATE license SET server_account_id = NULLIF(?, 0) WHERE id = ?";
constexpr char kRemove[] = "DELETE FROM license WHERE id = ?";
constexpr char kFreeSlot[] =
    "UPDATE license_key SET servers = servers - 1 WHERE id = (SELECT key_id FROM license WHERE id "
    "= ?)";

constexpr char kHeldBelow[] = R"sql(
    SELECT l.type_code, COUNT(*) AS n FROM license l JOIN account a ON a.id = l.account_id
    WHERE )sql" RM_AT_OR_BELOW("a") R"sql( GROUP BY l.type_code)sql";
constexpr auto kHeldRow = db::Columns::Of(kHeldBelow);
constexpr char kLimit[] = "SELECT max_licenses FROM license_limit WHERE account_id = ?";
constexpr auto kLimitRow = db::Columns::Of(kLimit);
constexpr char kSetLimit[] = R"sql(
    INSERT INTO license_limit (account_id, max_licenses) VALUES (?, ?)
    ON DUPLICATE KEY UPDATE max_licenses = VALUES(max_licenses))sql";
constexpr char kDropLimit[] = "DELETE FROM license_limit WHERE account_id = ?";
constexpr char kLockAccount[] = "SELECT id FROM account WHERE id = ? FOR UPDATE";
constexpr char kHeldAtPath[] = R"sql(
    SELECT COUNT(*) AS n FROM license l JOIN account a ON a.id = l.account_id
    WHERE )sql" RM_SUBTREE_OF_PATH("a");
static_assert(kCountRow == db::Columns::Of(kHeldAtPath));
constexpr char kHeldNamed[] = R"sql(
    SELECT a.name, COUNT(*) AS n FROM license l JOIN account a ON a.id = l.account_id
    WHERE )sql" RM_SUBTREE_OF_PATH("a") R"sql( GROUP BY a.name ORDER BY a.name LIMIT 1)sql";
constexpr auto kHeldNamedRow = db::Columns::Of(kHeldNamed);

// A licence is valid while its holder and every account above it are live and not suspended
// (a suspension cascades down the tree as account.suspended). One indexed range (license_ip_type)
// with its type and holder by primary key.
constexpr char kCheckIn[] = R"sql(
    SELECT t.code, t.name, a.deleted_at IS NULL AND NOT a.suspended AS valid,
           l.last_checkin IS NULL OR l.last_checkin < UTC_TIMESTAMP(6) - INTERVAL ? SECOND
             OR (? <> '' AND l.hostname <> ?) AS due
    FROM license l JOIN license_type t ON t.code = l.type_code
    JOIN account a ON a.id = l.account_id
    WHERE l.ip = ? ORDER BY t.code)sql";
constexpr auto kCheckInRow = db::Columns::Of(kCheckIn);
constexpr char kTouch[] = R"sql(
    UPDATE license SET last_checkin = UTC_TIMESTAMP(6), hostname = IF(? = '', hostname, ?)
    WHERE ip = ? AND (last_checkin IS NULL OR last_checkin < UTC_TIMESTAMP(6) - INTERVAL ? SECOND
                      OR (? <> '' AND hostname <> ?)))sql";

constexpr char kKeyServers[] = RM_LICENSE_ROW "WHERE l.key_id = ? ORDER BY l.created_at, l.id";
static_assert(kLicenseRow == db::Columns::Of(kKeyServers));

LicenseType TypeOf(sql::ResultSet& row) {
  constexpr const db::Columns& k = kTypeRow;
  return {row.getInt(k["code"]),         row.getString(k["name"]),     row.getString(k["product"]),
          row.getBoolean(k["multiple"]), row.getBoolean(k["enabled"]), row.getInt64(k["in_use"])};
}

License LicenseOf(sql::ResultSet& row) {
  constexpr const db::Columns& k = kLicenseRow;
  License l;
  l.id = row.getInt64(k["id"]);
  l.ip = row.getString(k["ip"]);
  l.hostname = row.getString(k["hostname"]);
  l.owner = row.getString(k["owner"]);
  l.server_account = row.getString(k["server_account"]);
  l.created = row.getString(k["created"]);
  l.last_checkin = row.getString(k["last_checkin"]);
  l.type_code = row.getInt(k["type_code"]);
  l.type_name = row.getString(k["type_name"]);
  l.account_id = row.getInt64(k["account_id"]);
  l.stale = row.getBoolean(k["stale"]);
  l.by_key = row.getBoolean(k["by_key"]);
  return l;
}

const char* ListStatement(const std::string& sort, bool descending) {
  const std::string wanted = (descending ? "-" : "") + sort;
  for (const auto& [name, statement] : kListBySort)
    if (wanted == name) return statement;
  throw PluginError(ErrorKind::kInvalidValue, "p_sort", sort.substr(0, 32),
                    "ip, hostname, created, last_checkin, type or owner");
}

}  // namespace

std::vector<LicenseType> MySqlLicenseStore::Types(const Reach& reach, bool enabled_only) {
  std::vector<LicenseType> types;
  auto rows = db::Select(
      db::Query(connection_, kTypes, reach.admin, reach.account_id, reach.below, enabled_only));
  while (rows->next()) types.push_back(TypeOf(*rows));
  return types;
}

std::optional<LicenseType> MySqlLicenseStore::Type(int code) {
  auto rows = db::Select(db::Query(connection_, kType, code));
  if (!rows->next()) return std::nullopt;
  return TypeOf(*rows);
}

void MySqlLicenseStore::PutType(const LicenseType& type, bool create) {
  try {
    if (create) {
      db::Query(connection_, kAddType, type.code, type.name, type.product, type.multiple,
                type.enabled)
          .executeUpdate();
    } else {
      db::Query(connection_, kUpdateType, type.name, type.product, type.multiple, type.enabled,
                type.code)
          .executeUpdate();
    }
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kDuplicateKey) throw;
    // The code is the key; a duplicate otherwise is the name.
    if (create && Type(type.code))
      throw PluginError(ErrorKind::kExists, "code", std::to_string(type.code));
    throw PluginError(ErrorKind::kExists, "name", type.name.substr(0, 64));
  }
}

LicensePage MySqlLicenseStore::List(const Reach& reach, const LicenseQuery& q) {
  LicensePage page;
  const std::string search = q.search.empty() ? std::string() : db::LikeContains(q.search);
  const long long server_account = q.server_account_id.value_or(0);
  auto rows = db::Select(db::Query(connection_, ListStatement(q.sort, q.descending), q.stale_days,
                                   reach.admin, reach.account_id, reach.below, q.ip, q.ip,
                                   q.type_code, q.type_code, search, search, search, search,
                                   server_account, server_account, q.page_size,
                                   static_cast<long long>(q.page - 1) * q.page_size));
  while (rows->next()) page.rows.push_back(LicenseOf(*rows));
  auto count = db::Select(db::Query(connection_, kCount, reach.admin, reach.account_id, reach.below,
                                    q.ip, q.ip, q.type_code, q.type_code, search, search, search,
                                    search, server_account, server_account));
  count->next();
  page.total = count->getInt64(kCountRow["n"]);
  return page;
}

long long MySqlLicenseStore::StaleCount(const Reach& reach, int days) {
  auto rows =
      db::Select(db::Query(connection_, kStale, reach.admin, reach.account_id, reach.below, days));
  rows->next();
  return rows->getInt64(kCountRow["n"]);
}

std::optional<License> MySqlLicenseStore::Find(const Reach& reach, long long id) {
  auto rows =
      db::Select(db::Query(connection_, kFind, 0, id, reach.admin, reach.account_id, reach.below));
  if (!rows->next()) return std::nullopt;
  return LicenseOf(*rows);
}

std::vector<License> MySqlLicenseStore::OfIp(const std::string& ip) {
  std::vector<License> licenses;
  auto rows = db::Select(db::Query(connection_, kOfIp, 0, ip));
  while (rows->next()) licenses.push_back(LicenseOf(*rows));
  return licenses;
}

long long MySqlLicenseStore::Add(const NewLicense& l) {
  try {
    db::Query(connection_, kAdd, l.ip, l.type_code, l.account_id, l.server_account_id.value_or(0),
              l.key_id.value_or(0), l.hostname)
        .executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kDuplicateKey) throw;
    throw PluginError(ErrorKind::kExists, "ip", l.ip,
                      "this address holds a licence of type " + std::to_string(l.type_code));
  }
  return connection_.LastInsertId();
}

void MySqlLicenseStore::SetServerAccount(long long id, std::optional<long long> server_account_id) {
  db::Query(connection_, kSetServerAccount, server_account_id.value_or(0), id).executeUpdate();
}

std::vector<License> MySqlLicenseStore::Remove(const Reach& reach,
                                               const std::vector<long long>& ids) {
  std::vector<License> removed;
  for (long long id : ids) {
    std::optional<License> license = Find(reach, id);
    if (!license) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
    db::Query(connection_, kFreeSlot, id).executeUpdate();
    db::Query(connection_, kRemove, id).executeUpdate();
    removed.push_back(std::move(*license));
  }
  return removed;
}

std::map<int, long long> MySqlLicenseStore::HeldBelow(long long account_id,
                                                      const std::string& path) {
  std::map<int, long long> held;
  auto rows =
      db::Select(db::Query(connection_, kHeldBelow, account_id, tenancy::SubtreePattern(path)));
  while (rows->next()) held[rows->getInt(kHeldRow["type_code"])] = rows->getInt64(kHeldRow["n"]);
  return held;
}

Totals MySqlLicenseStore::TotalsOf(long long account_id, const std::string& path) {
  Totals totals;
  totals.by_type = HeldBelow(account_id, path);
  for (const auto& [code, n] : totals.by_type) totals.licenses += n;
  totals.limit = LimitOf(account_id);
  return totals;
}

std::optional<long long> MySqlLicenseStore::LimitOf(long long account_id) {
  auto rows = db::Select(db::Query(connection_, kLimit, account_id));
  if (!rows->next()) return std::nullopt;
  return rows->getInt64(kLimitRow["max_licenses"]);
}

void MySqlLicenseStore::SetLimit(long long account_id, std::optional<long long> max) {
  if (max)
    db::Query(connection_, kSetLimit, account_id, *max).executeUpdate();
  else
    db::Query(connection_, kDropLimit, account_id).executeUpdate();
}

std::optional<long long> MySqlLicenseStore::Headroom(const std::string& path) {
  std::optional<long long> headroom;
  // Root first, so concurrent additions anywhere below lock in one order.
  std::string prefix = "/";
  for (long long id : tenancy::PathIds(path)) {
    prefix += std::to_string(id) + "/";
    // Only an account with a limit is locked (never the admin's row, which many paths share).
    if (!LimitOf(id)) continue;
    db::Select(db::Query(connection_, kLockAccount, id));
    const std::optional<long long> limit = LimitOf(id);  // as it is now that it is locked
    if (!limit) continue;
    auto held = db::Select(db::Query(connection_, kHeldAtPath, prefix));
    held->next();
    const long long left = *limit - held->getInt64(kCountRow["n"]);
    headroom = headroom ? std::min(*headroom, left) : left;
  }
  return headroom;
}

std::optional<std::pair<std::string, long long>> MySqlLicenseStore::HeldAt(
    const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    auto rows = db::Select(db::Query(connection_, kHeldNamed, path));
    if (rows->next())
      return std::make_pair(rows->getString(kHeldNamedRow["name"]),
                            rows->getInt64(kHeldNamedRow["n"]));
  }
  return std::nullopt;
}

MySqlLicenseStore::Seen MySqlLicenseStore::CheckIn(const std::string& ip,
                                                   const std::string& hostname, int touch_seconds) {
  Seen seen;
  auto rows = db::Select(db::Query(connection_, kCheckIn, touch_seconds, hostname, hostname, ip));
  constexpr const db::Columns& k = kCheckInRow;
  while (rows->next()) {
    if (rows->getBoolean(k["valid"]))
      seen.valid.emplace_back(rows->getInt(k["code"]), rows->getString(k["name"]));
    seen.due = seen.due || rows->getBoolean(k["due"]);
  }
  return seen;
}

long long MySqlLicenseStore::Touch(const std::string& ip, const std::string& hostname,
                                   int touch_seconds) {
  return db::Query(connection_, kTouch, hostname, hostname, ip, touch_seconds, hostname, hostname)
      .executeUpdate();
}

std::vector<License> MySqlLicenseStore::KeyServers(long long key_id) {
  std::vector<License> servers;
  auto rows = db::Select(db::Query(connection_, kKeyServers, 0, key_id));
  while (rows->next()) servers.push_back(LicenseOf(*rows));
  return servers;
}

long long MySqlLicenseStore::ValidAtOrBelow(long long account_id, const std::string& below) {
  static constexpr char kValid[] =
      "SELECT COUNT(*) AS n FROM license l JOIN account a ON a.id = l.account_id"
      " WHERE (a.id = ? OR a.tree_path LIKE ?) AND a.deleted_at IS NULL AND a.suspended = 0";
  static constexpr auto kValidColumns = db::Columns::Of(kValid);
  auto rows = db::Select(db::Query(connection_, kValid, account_id, below));
  return rows->next() ? rows->getInt64(kValidColumns["n"]) : 0;
}

}  // namespace resellermgr::license
