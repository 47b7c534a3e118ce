#pragma once
// Contacts: whom an account asks and who hears about it. Vendor settings (who supports a
// reseller's clients, the provider's links), the route a client's requests take to its support
// centre, and the address, language and brand a notice goes out with (sql/023, sql/026). A floor
// beneath the families: tickets, services, accounts and the home page read it; only the
// vendor form writes it.

#include <string>

namespace resellermgr::db {
class Connection;
}

namespace resellermgr::contacts {

struct VendorSettings {
  std::string support_by = "vendor";  // "vendor" (the host) or "reseller"
  std::string support_email, support_phone, url_docs, url_status, url_client_area;
};

// Whom a notice goes to: an account's address (a support centre's: its support address), the
// language of its owner login, the brand it knows (its nearest branded reseller's, else the
// product's) and that brand's login domain, and whose mail wordings it gets: the nearest
// branded reseller above it (0: the admin's; mail/mail_templates.h).
struct Contact {
  std::string email, lang, brand, brand_domain;
  long long templates_of = 0;
};

// Contact::templates_of in SQL, for the account row aliased `a`: the nearest account strictly
// above it whose branding is allowed, else 0.
#define RM_TEMPLATES_OF_SQL                                                   \
  "COALESCE((SELECT ba.id FROM brand b JOIN account ba ON ba.id = b.account_id" \
  " WHERE b.allowed = 1 AND ba.id <> a.id"                                     \
  " AND a.tree_path LIKE CONCAT(ba.tree_path, '%')"                            \
  " ORDER BY LENGTH(ba.tree_path) DESC LIMIT 1), 0)"

// Where a client's requests go: the support centre's account, its address and language, and
// the brand the client knows.
struct Route {
  long long center_account_id = 0;
  std::string email, lang, brand;
  Contact contact() const { return {email, lang, brand, "", 0}; }
};

// Contacts as handlers see them; MySqlContacts is the one implementation (a fake in tests/fakes/).
class Contacts {
 public:
  virtual ~Contacts() = default;

  virtual VendorSettings Vendor(long long account_id) = 0;
  virtual void SetVendor(long long account_id, const VendorSettings& settings) = 0;
  // Where `owner_id`'s clients' requests go, by its vendor settings.
  virtual Route RouteFor(long long owner_id) = 0;
  // `support`: the account's support address when it has one set.
  virtual Contact ContactOf(long long account_id, bool support) = 0;
};

class MySqlContacts final : public Contacts {
 public:
  explicit MySqlContacts(db::Connection& connection) : connection_(connection) {}

  VendorSettings Vendor(long long account_id) override;
  void SetVendor(long long account_id, const VendorSettings& settings) override;
  Route RouteFor(long long owner_id) override;
  Contact ContactOf(long long account_id, bool support) override;

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::contacts
