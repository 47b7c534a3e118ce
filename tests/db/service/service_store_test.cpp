// The service store and contacts against MariaDB: a client's service moves only from the state
// it is in, and requests route to the support the owner's vendor settings name.

#include "service/service_store.h"

#include <boost/test/unit_test.hpp>

#include "base/errors.h"
#include "contacts/contacts.h"
#include "db/db_fixture.h"

using namespace resellermgr;
using namespace resellermgr::testing;

namespace {

struct ServiceDb : MigratedDb {
  ServiceDb() : services(*connection), contacts(*connection) {
    reseller = CreateReseller("sr1");
    db::Transaction tx(*connection);
    client = accounts.Create(
        tenancy::Scope{reseller, tenancy::kResellerLevel, accounts.Get(reseller)->tree_path},
        tenancy::kUserLevel, reseller, "sc1", account::AccountChanges{});
    tx.Commit();
  }
  service::MySqlServiceStore services;
  contacts::MySqlContacts contacts;
  long long reseller = 0, client = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(service_store)

BOOST_FIXTURE_TEST_CASE(a_status_changes_only_from_the_one_it_is_in, ServiceDb) {
  db::Transaction tx(*connection);
  const long long id = services.Create("backup", "Backup", "Резервные копии");
  std::optional<service::ClientService> row = services.ForClient(client, reseller, id, true);
  BOOST_REQUIRE(row);
  BOOST_TEST((row->status == service::Status::kNew));
  services.SetStatus(client, id, service::Status::kNew, service::Status::kActivating);
  row = services.ForClient(client, reseller, id, false);
  BOOST_TEST((row->status == service::Status::kActivating));
  BOOST_TEST((row->previous == service::Status::kNew));
  // A change from a state the row is no longer in changes nothing (the handler decided on the
  // state it locked; a stale decision never overwrites a newer one).
  services.SetStatus(client, id, service::Status::kNew, service::Status::kActive);
  row = services.ForClient(client, reseller, id, false);
  BOOST_TEST((row->status == service::Status::kActivating));
  BOOST_TEST((row->previous == service::Status::kNew));
}

BOOST_FIXTURE_TEST_CASE(requests_go_where_the_vendor_settings_say, ServiceDb) {
  db::Transaction tx(*connection);
  // By default the host supports a reseller's clients.
  BOOST_TEST(contacts.RouteFor(reseller).center_account_id == admin_account_id);
  contacts::VendorSettings settings;
  settings.support_by = "reseller";
  settings.support_email = "help@sr1.example";
  contacts.SetVendor(reseller, settings);
  const contacts::Route route = contacts.RouteFor(reseller);
  BOOST_TEST(route.center_account_id == reseller);
  BOOST_TEST(route.email == "help@sr1.example");
  BOOST_TEST(contacts.ContactOf(reseller, true).email == "help@sr1.example");
  BOOST_TEST(contacts.Vendor(reseller).support_by == "reseller");
}

BOOST_AUTO_TEST_SUITE_END()
