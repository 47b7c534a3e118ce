#include <iterator>
#include <memory>
#include <sstream>

#include "brand/brand_store.h"
#include "db/columns.h"
#include "util/crypto.h"

namespace resellermgr::brand {
namespace {

#define RM_BRAND_COLUMNS                                                                \
  "b.account_id, a.name AS account, b.public_key, b.allowed, b.name, b.primary_color, " \
  "b.accent_color, COALESCE(b.domain, '') AS domain, b.logo IS NOT NULL AS has_logo, "  \
  "b.favicon IS NOT NULL AS has_favicon"
constexpr db::Columns kBrandRow{RM_BRAND_COLUMNS};
#define RM_BRAND_FROM " FROM brand b JOIN account a ON a.id = b.account_id "

constexpr char kEnsure[] = "INSERT IGNORE INTO brand (account_id, public_key) VALUES (?, ?)";
constexpr char kOf[] = "SELECT " RM_BRAND_COLUMNS RM_BRAND_FROM "WHERE b.account_id = ?";
constexpr char kOfLocked[] =
    "SELECT " RM_BRAND_COLUMNS RM_BRAND_FROM "WHERE b.account_id = ? FOR UPDATE";
constexpr char kSave[] = R"sql(
    UPDATE brand SET allowed = ?, name = ?, primary_color = ?, accent_color = ?,
                     domain = NULLIF(?, '')
    WHERE account_id = ?)sql";
constexpr char kSetLogo[] = "UPDATE brand SET logo = ?, logo_type = ? WHERE account_id = ?";
constexpr char kSetFavicon[] =
    "UPDATE brand SET favicon = ?, favicon_type = ? WHERE account_id = ?";
constexpr char kClearLogo[] = "UPDATE brand SET logo = NULL, logo_type = '' WHERE account_id = ?";
constexpr char kClearFavicon[] =
    "UPDATE brand SET favicon = NULL, favicon_type = '' WHERE account_id = ?";
constexpr char kDomainTaken[] = "SELECT 1 FROM brand WHERE domain = ? AND account_id <> ?";
constexpr char kForDomain[] = "SELECT " RM_BRAND_COLUMNS RM_BRAND_FROM
                              "WHERE b.domain = ? AND b.allowed = 1 AND a.deleted_at IS NULL";
// The caller's own account or an ancestor: its path starts with theirs.
constexpr char kForPath[] = "SELECT " RM_BRAND_COLUMNS RM_BRAND_FROM R"sql(
    WHERE b.allowed = 1 AND b.name <> '' AND a.deleted_at IS NULL
      AND ? LIKE CONCAT(a.tree_path, '%')
    ORDER BY LENGTH(a.tree_path) DESC LIMIT 1)sql";
constexpr char kByKey[] =
    "SELECT " RM_BRAND_COLUMNS RM_BRAND_FROM "WHERE b.public_key = ? AND b.allowed = 1";
constexpr char kLogo[] =
    "SELECT logo_type AS type, logo AS image FROM brand"
    " WHERE public_key = ? AND allowed = 1 AND logo IS NOT NULL";
constexpr char kFavicon[] = R"sql(
    SELECT favicon_type AS type, favicon AS image FROM brand
    WHERE public_key = ? AND allowed = 1 AND favicon IS NOT NULL)sql";
constexpr auto kImageRow = db::Columns::Of(kLogo);
static_assert(kImageRow == db::Columns::Of(kFavicon));

Brand Read(sql::ResultSet& row) {
  Brand b;
  b.account_id = row.getInt64(kBrandRow["account_id"]);
  b.account = row.getString(kBrandRow["account"]);
  b.public_key = row.getString(kBrandRow["public_key"]);
  b.allowed = row.getBoolean(kBrandRow["allowed"]);
  b.name = row.getString(kBrandRow["name"]);
  b.primary_color = row.getString(kBrandRow["primary_color"]);
  b.accent_color = row.getString(kBrandRow["accent_color"]);
  b.domain = row.getString(kBrandRow["domain"]);
  b.has_logo = row.getBoolean(kBrandRow["has_logo"]);
  b.has_favicon = row.getBoolean(kBrandRow["has_favicon"]);
  return b;
}

std::optional<Brand> First(std::unique_ptr<sql::ResultSet> rows) {
  if (!rows->next()) return std::nullopt;
  return Read(*rows);
}

}  // namespace

Brand MySqlBrandStore::Of(long long account_id, bool lock) {
  db::Query(connection_, kEnsure, account_id, util::RandomToken().substr(0, 16)).executeUpdate();
  return *First(db::Select(db::Query(connection_, lock ? kOfLocked : kOf, account_id)));
}

void MySqlBrandStore::Save(const Brand& b) {
  db::Query(connection_, kSave, b.allowed, b.name, b.primary_color, b.accent_color, b.domain,
            b.account_id)
      .executeUpdate();
}

void MySqlBrandStore::SetImage(long long account_id, const char* which,
                               const std::optional<Image>& image) {
  const bool logo = std::string_view(which) == "logo";
  if (!image) {
    db::Query(connection_, logo ? kClearLogo : kClearFavicon, account_id).executeUpdate();
    return;
  }
  sql::PreparedStatement& set = connection_.Prepare(logo ? kSetLogo : kSetFavicon);
  std::istringstream data(image->data);
  set.setBlob(1, &data);
  set.setString(2, image->type);
  set.setInt64(3, account_id);
  set.executeUpdate();
}

bool MySqlBrandStore::DomainTaken(const std::string& domain, long long account_id) {
  return db::Select(db::Query(connection_, kDomainTaken, domain, account_id))->next();
}

std::optional<Brand> MySqlBrandStore::ForDomain(const std::string& host) {
  if (host.empty()) return std::nullopt;
  return First(db::Select(db::Query(connection_, kForDomain, host)));
}

std::optional<Brand> MySqlBrandStore::ForPath(const std::string& tree_path) {
  if (tree_path.empty()) return std::nullopt;
  return First(db::Select(db::Query(connection_, kForPath, tree_path)));
}

std::optional<Brand> MySqlBrandStore::ByPublicKey(const std::string& public_key) {
  return First(db::Select(db::Query(connection_, kByKey, public_key)));
}

std::optional<Image> MySqlBrandStore::PublicImage(const std::string& public_key,
                                                  const char* which) {
  auto rows = db::Select(
      db::Query(connection_, std::string_view(which) == "logo" ? kLogo : kFavicon, public_key));
  if (!rows->next()) return std::nullopt;
  std::unique_ptr<std::istream> blob(rows->getBlob(kImageRow["image"]));
  std::string data((std::istreambuf_iterator<char>(*blob)), std::istreambuf_iterator<char>());
  return Image{rows->getString(kImageRow["type"]), std::move(data)};
}

}  // namespace resellermgr::brand
