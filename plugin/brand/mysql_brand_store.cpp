#include <iterator>
#include <memory>
#include <sstream>

#include "brand/brand_store.h"
#include "util/crypto.h"

namespace resellermgr::brand {
namespace {

#define RM_BRAND_COLUMNS                                                                     \
  "b.account_id, a.name, b.public_key, b.allowed, b.name, b.primary_color, b.accent_color, " \
  "COALESCE(b.domain, ''), b.logo IS NOT NULL, b.favicon IS NOT NULL"
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
    "SELECT logo_type, logo FROM brand WHERE public_key = ? AND allowed = 1 AND logo IS NOT NULL";
constexpr char kFavicon[] = R"sql(
    SELECT favicon_type, favicon FROM brand
    WHERE public_key = ? AND allowed = 1 AND favicon IS NOT NULL)sql";

Brand Read(sql::ResultSet& row) {
  Brand b;
  b.account_id = row.getInt64(1);
  b.account = row.getString(2);
  b.public_key = row.getString(3);
  b.allowed = row.getBoolean(4);
  b.name = row.getString(5);
  b.primary_color = row.getString(6);
  b.accent_color = row.getString(7);
  b.domain = row.getString(8);
  b.has_logo = row.getBoolean(9);
  b.has_favicon = row.getBoolean(10);
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
  std::unique_ptr<std::istream> blob(rows->getBlob(2));
  std::string data((std::istreambuf_iterator<char>(*blob)), std::istreambuf_iterator<char>());
  return Image{rows->getString(1), std::move(data)};
}

}  // namespace resellermgr::brand
