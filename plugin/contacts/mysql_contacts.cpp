#include "contacts/contacts.h"
#include "db/columns.h"
#include "db/connection.h"

namespace resellermgr::contacts {
namespace {

constexpr char kVendor[] = R"sql(
    SELECT support_by, support_email, support_phone, url_docs, url_status, url_client_area
    FROM vendor_settings WHERE account_id = ?)sql";
constexpr auto kVendorColumns = db::Columns::Of(kVendor);
constexpr char kSetVendor[] = R"sql(
    INSERT INTO vendor_settings (account_id, support_by, support_email, support_phone, url_docs,
                                 url_status, url_client_area)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON DUPLICATE KEY UPDATE support_by = VALUES(support_by), support_email = VALUES(support_email),
      support_phone = VALUES(support_phone), url_docs = VALUES(url_docs),
      url_status = VALUES(url_status), url_client_area = VALUES(url_client_area))sql";
// The owner's routing, and the host (the root of its tree) for "vendor": each with its support
// address (its own e-mail when none is set) and its owner login's language; and the name the
// client knows the owner by (its brand, else its company, else its name).
constexpr char kRoute[] = R"sql(
    SELECT COALESCE(v.support_by, 'vendor') AS support_by, o.id AS owner_id, h.id AS host_id,
           COALESCE(NULLIF(v.support_email, '') COLLATE utf8mb4_bin, o.email) AS owner_email,
           COALESCE(NULLIF(hv.support_email, '') COLLATE utf8mb4_bin,
                    NULLIF(h.email, '') COLLATE utf8mb4_bin,
                    NULLIF(v.support_email, '') COLLATE utf8mb4_bin, o.email) AS host_email,
           COALESCE(NULLIF(bd.name, '') COLLATE utf8mb4_bin, NULLIF(o.company, ''),
                    o.name COLLATE utf8mb4_bin) AS brand,
           COALESCE((SELECT l.lang FROM login l WHERE l.account_id = o.id AND l.is_owner = 1
                     ORDER BY l.id LIMIT 1), 'en') AS owner_lang,
           COALESCE((SELECT l.lang FROM login l WHERE l.account_id = h.id AND l.is_owner = 1
                     ORDER BY l.id LIMIT 1), 'en') AS host_lang
    FROM account o
    JOIN account h ON h.id = CAST(SUBSTRING_INDEX(SUBSTRING(o.tree_path, 2), '/', 1) AS UNSIGNED)
    LEFT JOIN vendor_settings v ON v.account_id = o.id
    LEFT JOIN vendor_settings hv ON hv.account_id = h.id
    LEFT JOIN brand bd ON bd.account_id = o.id AND bd.allowed = 1
    WHERE o.id = ?)sql";
constexpr auto kRouteColumns = db::Columns::Of(kRoute);

// The brand: the nearest allowed one on the account's path, its own included; the wordings: the
// nearest allowed brand strictly above it (a reseller words the mails of its clients, not its own).
constexpr char kContact[] = R"sql(
    SELECT IF(?, COALESCE(NULLIF(v.support_email, '') COLLATE utf8mb4_bin, a.email), a.email)
             AS email,
           COALESCE((SELECT l.lang FROM login l WHERE l.account_id = a.id AND l.is_owner = 1
                     ORDER BY l.id LIMIT 1), 'en') AS lang,
           (SELECT CONCAT(b.name, '/', COALESCE(b.domain, '')) FROM brand b
              JOIN account ba ON ba.id = b.account_id
             WHERE b.allowed = 1 AND b.name <> '' AND a.tree_path LIKE CONCAT(ba.tree_path, '%')
             ORDER BY LENGTH(ba.tree_path) DESC LIMIT 1) AS brand,
           )sql" RM_TEMPLATES_OF_SQL R"sql( AS templates_of
    FROM account a LEFT JOIN vendor_settings v ON v.account_id = a.id
    WHERE a.id = ?)sql";
constexpr auto kContactColumns = db::Columns::Of(kContact);

}  // namespace

VendorSettings MySqlContacts::Vendor(long long account_id) {
  VendorSettings v;
  auto rows = db::Select(db::Query(connection_, kVendor, account_id));
  if (!rows->next()) return v;
  v.support_by = rows->getString(kVendorColumns["support_by"]);
  v.support_email = rows->getString(kVendorColumns["support_email"]);
  v.support_phone = rows->getString(kVendorColumns["support_phone"]);
  v.url_docs = rows->getString(kVendorColumns["url_docs"]);
  v.url_status = rows->getString(kVendorColumns["url_status"]);
  v.url_client_area = rows->getString(kVendorColumns["url_client_area"]);
  return v;
}

void MySqlContacts::SetVendor(long long account_id, const VendorSettings& v) {
  db::Query(connection_, kSetVendor, account_id, v.support_by, v.support_email, v.support_phone,
            v.url_docs, v.url_status, v.url_client_area)
      .executeUpdate();
}

Contact MySqlContacts::ContactOf(long long account_id, bool support) {
  auto rows = db::Select(db::Query(connection_, kContact, support, account_id));
  Contact contact;
  if (!rows->next()) return contact;
  contact.email = rows->getString(kContactColumns["email"]);
  contact.lang = rows->getString(kContactColumns["lang"]);
  // "name/domain": a domain has no '/', so the last one parts them.
  if (!rows->isNull(kContactColumns["brand"])) {
    const std::string brand = rows->getString(kContactColumns["brand"]);
    const std::size_t slash = brand.rfind('/');
    contact.brand = brand.substr(0, slash);
    contact.brand_domain = brand.substr(slash + 1);
  }
  contact.templates_of = rows->getInt64(kContactColumns["templates_of"]);
  return contact;
}

Route MySqlContacts::RouteFor(long long owner_id) {
  auto rows = db::Select(db::Query(connection_, kRoute, owner_id));
  Route route;
  if (!rows->next()) return route;
  const bool by_reseller = std::string(rows->getString(kRouteColumns["support_by"])) == "reseller";
  route.center_account_id = by_reseller ? rows->getInt64(kRouteColumns["owner_id"])
                                        : rows->getInt64(kRouteColumns["host_id"]);
  route.email = by_reseller ? rows->getString(kRouteColumns["owner_email"])
                            : rows->getString(kRouteColumns["host_email"]);
  route.brand = rows->getString(kRouteColumns["brand"]);
  route.lang = by_reseller ? rows->getString(kRouteColumns["owner_lang"])
                           : rows->getString(kRouteColumns["host_lang"]);
  return route;
}

}  // namespace resellermgr::contacts
