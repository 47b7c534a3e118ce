#pragma once
// contacts::Contacts with one route for every owner, for handler unit tests.

#include <map>

#include "contacts/contacts.h"

namespace resellermgr::fakes {

class FakeContacts : public contacts::Contacts {
 public:
  contacts::VendorSettings Vendor(long long account_id) override { return vendors[account_id]; }
  void SetVendor(long long account_id, const contacts::VendorSettings& settings) override {
    vendors[account_id] = settings;
  }
  contacts::Route RouteFor(long long) override { return route; }
  contacts::Contact ContactOf(long long, bool) override {
    return {route.email, route.lang, route.brand};
  }

  contacts::Route route{1, "support@host.example", "en", "Host"};
  std::map<long long, contacts::VendorSettings> vendors;
};

}  // namespace resellermgr::fakes
