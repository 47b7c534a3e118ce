// The service family's handlers over fakes (no database): a client's request for a service and a
// reseller's status moves go along the table of transitions, to the routed support, through the
// funnel, and are refused before anything changes when they may not. The same flows run through
// the real stack in tests/http/service/service_test.cpp.

#include "service/service_functions.h"

#include <boost/test/unit_test.hpp>

#include "fakes/account/fake_directory.h"
#include "fakes/contacts/fake_contacts.h"
#include "fakes/handler_harness.h"
#include "fakes/service/fake_service_store.h"
#include "fakes/ticket/fake_ticket_store.h"

using namespace resellermgr;
using fakes::CallerAt;
using fakes::Refusal;
using service::Status;

namespace {

struct ServiceFixture {
  ServiceFixture() : harness(service::RegisterServiceFunctions) {
    harness.messages = core::Messages::LoadFile(std::string(RESELLERMGR_SOURCE_DIR) +
                                                "/xml/ispmgr_mod_resellermgr.xml");
    harness.stores.Put<account::Directory>(accounts);
    harness.stores.Put<service::ServiceStore>(services);
    harness.stores.Put<ticket::TicketStore>(tickets);
    harness.stores.Put<contacts::Contacts>(contacts);
    reseller = accounts.Add("r1", tenancy::kResellerLevel, "");
    client = accounts.Add("u1", tenancy::kUserLevel, "r1");
    other_client = accounts.Add("u2", tenancy::kUserLevel, "");
    backup = services.AddService("backup");
    contacts.route = {reseller.id, "help@r1.example", "en", "R1 Hosting"};
  }
  core::Caller Client() const {
    return CallerAt(core::AccessLevel::kUser, client.id, client.name, client.tree_path);
  }
  core::Caller Reseller() const {
    return CallerAt(core::AccessLevel::kReseller, reseller.id, reseller.name, reseller.tree_path);
  }
  Status StatusOf(const account::Account& who) { return services.Row(who.id, backup).status; }

  fakes::FakeDirectory accounts;
  fakes::FakeServiceStore services;
  fakes::FakeTicketStore tickets;
  fakes::FakeContacts contacts;
  fakes::HandlerHarness harness;
  account::Account reseller, client, other_client;
  long long backup = 0;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(service_functions, ServiceFixture)

BOOST_AUTO_TEST_CASE(a_request_opens_a_ticket_at_the_routed_support_and_mails_it) {
  const core::Reply reply =
      harness.Call("service.request", "elid=backup&message=nightly%20please", Client());
  BOOST_TEST((StatusOf(client) == Status::kActivating));
  BOOST_REQUIRE_EQUAL(tickets.opened.size(), 1u);
  const ticket::NewTicket& opened = tickets.opened[0];
  BOOST_TEST(opened.center_account_id == reseller.id);
  BOOST_TEST(opened.author_account_id == client.id);
  BOOST_TEST(opened.category == "service");
  BOOST_TEST(opened.subject == "Activation request: backup for u1");
  BOOST_REQUIRE_EQUAL(harness.mail.queued.size(), 1u);
  BOOST_TEST(harness.mail.queued[0].recipient == "help@r1.example");
  BOOST_TEST(harness.mail.queued[0].sender_name == "R1 Hosting");
  BOOST_TEST(harness.mail.queued[0].kind == "service.request");
  BOOST_REQUIRE_EQUAL(harness.changes.recorded.size(), 1u);
  BOOST_TEST(harness.changes.recorded[0].event == "service.requested");
  BOOST_TEST(reply.doc_node().child("ticket").text().as_llong() == 1);
}

BOOST_AUTO_TEST_CASE(a_service_in_use_or_hidden_cannot_be_requested) {
  services.Row(client.id, backup).status = Status::kActive;
  BOOST_TEST((Refusal([&] { harness.Call("service.request", "elid=backup", Client()); }) ==
              std::pair{base::ErrorKind::kInvalidValue, std::string("status")}));
  services.Row(client.id, backup).status = Status::kNew;
  services.Row(client.id, backup).visibility = "hidden";
  BOOST_TEST((Refusal([&] { harness.Call("service.request", "elid=backup", Client()); }) ==
              std::pair{base::ErrorKind::kNotFound, std::string("elid")}));
  BOOST_TEST((Refusal([&] { harness.Call("service.request", "elid=nosuch", Client()); }).first ==
              base::ErrorKind::kNotFound));
  BOOST_TEST(tickets.opened.empty());
  BOOST_TEST(harness.mail.queued.empty());
  BOOST_TEST(harness.changes.recorded.empty());
}

BOOST_AUTO_TEST_CASE(a_status_moves_only_along_the_table) {
  // new -> paused is no move of the table; the refusal lists where it may go.
  BOOST_TEST((Refusal([&] {
                harness.Call("client.service.status", "elid=u1&service=backup&status=paused",
                             Reseller());
              }) == std::pair{base::ErrorKind::kInvalidValue, std::string("status")}));
  BOOST_TEST((StatusOf(client) == Status::kNew));
  harness.Call("client.service.status", "elid=u1&service=backup&status=active", Reseller());
  BOOST_TEST((StatusOf(client) == Status::kActive));
  harness.Call("client.service.status", "elid=u1&service=backup&status=paused", Reseller());
  BOOST_TEST((StatusOf(client) == Status::kPaused));
  BOOST_REQUIRE_EQUAL(harness.changes.recorded.size(), 2u);
  BOOST_TEST(harness.changes.recorded[1].fields[0].old_value == "active");
  BOOST_TEST(harness.changes.recorded[1].fields[0].new_value == "paused");
  BOOST_TEST((Refusal([&] {
                harness.Call("client.service.status", "elid=u1&service=backup&status=flying",
                             Reseller());
              }).first == base::ErrorKind::kInvalidValue));
}

BOOST_AUTO_TEST_CASE(a_service_the_client_cannot_see_is_not_switched_on) {
  services.Row(client.id, backup).visibility = "hidden";
  BOOST_TEST((Refusal([&] {
                harness.Call("client.service.status", "elid=u1&service=backup&status=active",
                             Reseller());
              }).first == base::ErrorKind::kInvalidValue));
  BOOST_TEST((StatusOf(client) == Status::kNew));
}

BOOST_AUTO_TEST_CASE(another_resellers_client_is_not_found) {
  BOOST_TEST((Refusal([&] {
                harness.Call("client.service.status", "elid=u2&service=backup&status=active",
                             Reseller());
              }) == std::pair{base::ErrorKind::kNotFound, std::string("elid")}));
  BOOST_TEST(services.rows.empty());
}

BOOST_AUTO_TEST_SUITE_END()
