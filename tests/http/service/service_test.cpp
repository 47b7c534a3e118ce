// Services (issue 12) over the real stack: the catalogue and resellers' offers, clients'
// services and their statuses (every pair of statuses, against the table in the issue),
// visibility that never hides a service in use, activation requests that open a ticket and send
// a mail, vendor settings, and mail that waits for the relay and goes out once. Mail is read
// from what a real SMTP server on loopback received (tests/support/smtp_sink.py).

#include <cppconn/prepared_statement.h>
#include <openssl/evp.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/mail.h"

using namespace resellermgr::testing;

namespace {

// A reseller with one client.
struct Shop {
  std::string r = Unique("sv"), u = Unique("sc");
  As reseller = As::Login(r, kPassword), client = As::Login(u, kPassword);
  Shop() {
    MakeReseller(r, "email=" + r + "%40example.test&company=Shop%20" + r);
    MakeUser(reseller, u);
  }
};

pugi::xml_node ServiceRow(const pugi::xml_document& list, const std::string& name) {
  for (pugi::xml_node row : list.child("doc").children("elem"))
    if (name == row.child_value("name")) return row;
  return {};
}

void SetStatusInDb(const std::string& client, const std::string& service,
                   const std::string& status) {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> update(db->prepareStatement(R"sql(
      INSERT INTO client_service (account_id, service_id, status)
      SELECT a.id, s.id, ? FROM account a JOIN service s ON s.name = ? WHERE a.name = ?
      ON DUPLICATE KEY UPDATE status = VALUES(status), previous_status = NULL)sql"));
  update->setString(1, status);
  update->setString(2, service);
  update->setString(3, client);
  update->executeUpdate();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(services)

// The issue's table, written out here on its own: the plugin's copy is what is tested.
BOOST_AUTO_TEST_CASE(status_changes_follow_the_table_for_every_pair) {
  const std::vector<std::string> statuses = {"new",    "trial",  "trialend", "activating",
                                             "active", "paused", "deleted"};
  const std::map<std::string, std::set<std::string>> allowed = {
      {"new", {"trial", "activating", "active", "deleted"}},
      {"trial", {"trialend", "active", "paused", "deleted"}},
      {"trialend", {"activating", "active", "deleted"}},
      {"activating", {"active", "new", "deleted"}},
      {"active", {"paused", "deleted"}},
      {"paused", {"active", "deleted"}},
      {"deleted", {"new"}}};
  Shop shop;
  for (const std::string& from : statuses) {
    for (const std::string& to : statuses) {
      SetStatusInDb(shop.u, "dns", from);
      const auto reply = shop.reseller.Call("client.service.status",
                                            "elid=" + shop.u + "&service=dns&status=" + to);
      const bool expected = allowed.at(from).count(to) > 0;
      BOOST_TEST(IsOk(reply) == expected, from << " -> " << to);
      const pugi::xml_document services = shop.reseller.Call("client.service", "elid=" + shop.u);
      const pugi::xml_node row = ServiceRow(services, "dns");
      if (expected) {
        BOOST_TEST(row.child_value("status") == to, from << " -> " << to);
        BOOST_TEST(row.child_value("previous_status") == from, from << " -> " << to);
      } else {
        BOOST_TEST(ErrorType(reply) == "value", from << " -> " << to);
        BOOST_TEST(ErrorObjectOf(reply) == "status", from << " -> " << to);
        BOOST_TEST(row.child_value("status") == from, from << " -> " << to);
      }
    }
  }
  // The refusal says where the service may go instead.
  SetStatusInDb(shop.u, "dns", "active");
  BOOST_TEST(Detail(shop.reseller.Call("client.service.status",
                                       "elid=" + shop.u + "&service=dns&status=new")) ==
             "from active the service may go to: paused, deleted");
}

BOOST_AUTO_TEST_CASE(a_service_in_use_is_never_hidden) {
  Shop shop;
  BOOST_REQUIRE(IsOk(shop.reseller.Call("client.service.status",
                                        "elid=" + shop.u + "&service=cdn&status=active")));
  const auto hide = shop.reseller.Call("client.service.edit",
                                       "sok=ok&elid=" + shop.u + "&service=cdn&visibility=hidden");
  BOOST_TEST(ErrorType(hide) == "value");
  BOOST_TEST(Detail(hide).find("pause or delete it first") != std::string::npos, Detail(hide));
  // Nor through the reseller's offer: it says how many clients use it.
  const auto offer = shop.reseller.Call("service.edit", "sok=ok&elid=cdn&default_visible=off");
  BOOST_TEST(ErrorObjectOf(offer) == "default_visible");
  BOOST_TEST(Detail(offer).rfind("1 of your clients", 0) == 0, Detail(offer));
  BOOST_TEST(ErrorObjectOf(shop.reseller.Call("service.edit", "sok=ok&elid=cdn&resells=off")) ==
             "resells");
  BOOST_TEST(ServiceRow(shop.client.Call("client.service"), "cdn").child_value("status") ==
             std::string("active"));
  // Paused, it may be hidden; hidden, it cannot be switched on again until shown.
  BOOST_REQUIRE(IsOk(shop.reseller.Call("client.service.status",
                                        "elid=" + shop.u + "&service=cdn&status=paused")));
  BOOST_TEST(IsOk(shop.reseller.Call("client.service.edit",
                                     "sok=ok&elid=" + shop.u + "&service=cdn&visibility=hidden")));
  BOOST_TEST(!ServiceRow(shop.client.Call("client.service"), "cdn"));
  BOOST_TEST(Detail(shop.reseller.Call("client.service.status",
                                       "elid=" + shop.u + "&service=cdn&status=active")) ==
             "the client does not see this service: show it first");
  // An offer no client is using is the reseller's to set: its clients stop seeing the service.
  BOOST_TEST(IsOk(shop.reseller.Call("service.edit", "sok=ok&elid=storage&resells=off")));
  BOOST_TEST(!ServiceRow(shop.client.Call("client.service"), "storage"));
  BOOST_TEST(ServiceRow(shop.reseller.Call("service"), "storage").child_value("resells") ==
             std::string("off"));
}

BOOST_AUTO_TEST_CASE(an_activation_request_opens_a_ticket_and_mails_the_routed_support) {
  Shop shop;
  // Support handled by the reseller, in Russian.
  BOOST_REQUIRE(IsOk(shop.reseller.Call(
      "vendor.edit", "sok=ok&support_by=reseller&support_email=help%40" + shop.r + ".test")));
  BOOST_REQUIRE(IsOk(shop.reseller.Call("usrparam", "sok=ok&lang=ru")));
  const auto asked =
      shop.client.Call("service.request", "elid=cdn&message=" + UrlEncode("для сайта"));
  BOOST_REQUIRE(IsOk(asked));
  BOOST_TEST(ServiceRow(shop.client.Call("client.service"), "cdn").child_value("status") ==
             std::string("activating"));
  const std::string ticket = asked.child("doc").child_value("ticket");
  const auto thread = shop.reseller.Call("ticket.edit", "elid=" + ticket);
  BOOST_TEST(thread.child("doc").child_value("subject") == "Запрос подключения: CDN для " + shop.u);
  const auto mails = MailTo("help@" + shop.r + ".test", shop.u);
  BOOST_TEST_REQUIRE(mails.size() == 1u);
  BOOST_TEST(mails[0].subject == "Запрос подключения: CDN для " + shop.u);
  BOOST_TEST(mails[0].from == "Shop " + shop.r + " <panel@example.test>");
  BOOST_TEST(mails[0].body.find("для сайта") != std::string::npos, mails[0].body);
  BOOST_TEST(mails[0].kind == "service.request");
  // Asked once: again is refused while it is being activated.
  BOOST_TEST(ErrorObjectOf(shop.client.Call("service.request", "elid=cdn")) == "status");

  // Routed to the vendor (the host): the admin's centre and its support address, in English.
  BOOST_REQUIRE(IsOk(As::Admin().Call("vendor.edit", "sok=ok&support_email=noc%40host.test")));
  BOOST_REQUIRE(IsOk(shop.reseller.Call("vendor.edit", "sok=ok&support_by=vendor")));
  const auto routed = shop.client.Call("service.request", "elid=dns");
  BOOST_REQUIRE(IsOk(routed));
  const std::string routed_ticket = routed.child("doc").child_value("ticket");
  BOOST_TEST(As::Admin()
                 .Call("ticket.edit", "elid=" + routed_ticket)
                 .child("doc")
                 .child_value("subject") == "Activation request: DNS for " + shop.u);
  BOOST_TEST(MailTo("noc@host.test", "Activation request: DNS for " + shop.u).size() == 1u);

  // A service the client does not see cannot be asked for.
  BOOST_REQUIRE(IsOk(shop.reseller.Call(
      "client.service.edit", "sok=ok&elid=" + shop.u + "&service=cloud&visibility=hidden")));
  BOOST_TEST(ErrorType(shop.client.Call("service.request", "elid=cloud")) == "missed");
}

BOOST_AUTO_TEST_CASE(mail_waits_for_the_relay_and_goes_out_once) {
  Shop shop;
  const std::string support = "desk@" + shop.r + ".test";
  BOOST_REQUIRE(IsOk(shop.reseller.Call(
      "vendor.edit", "sok=ok&support_by=reseller&support_email=" + UrlEncode(support))));
  RunOrFail(TestEnv("STACK_SCRIPT") + " smtp-stop " + TestEnv("STACK_DIR"));
  // The changes commit while the relay is away.
  BOOST_TEST(IsOk(shop.client.Call("service.request", "elid=cdn")));
  BOOST_TEST(IsOk(shop.client.Call("service.request", "elid=dns")));
  BOOST_TEST(ServiceRow(shop.client.Call("client.service"), "dns").child_value("status") ==
             std::string("activating"));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // a delivery attempt or two
  BOOST_TEST(MailTo(support, shop.u, 1).empty());
  RunOrFail(TestEnv("STACK_SCRIPT") + " smtp-start " + TestEnv("STACK_DIR"));
  const auto mails = MailTo(support, shop.u, 2);
  BOOST_TEST(mails.size() == 2u);
  // And never again.
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  BOOST_TEST(MailTo(support, shop.u, 3).size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_catalogue_is_the_admins_and_offers_are_each_sellers) {
  Shop shop;
  const std::string name = "backup" + std::to_string(std::time(nullptr) % 100000);
  BOOST_REQUIRE(IsOk(As::Admin().Call(
      "service.edit",
      "sok=ok&name=" + name + "&title_en=Backup&title_ru=" + UrlEncode("Резервные копии"))));
  BOOST_TEST(ErrorType(As::Admin().Call("service.edit", "sok=ok&name=" + name + "&title_en=X")) ==
             "exists");
  BOOST_TEST(ErrorType(As::Admin().Call("service.edit", "sok=ok&name=Bad%20Name&title_en=X")) ==
             "value");
  BOOST_TEST(ErrorType(shop.reseller.Call("service.edit", "sok=ok&name=mine&title_en=X")) ==
             "value");
  BOOST_TEST(ServiceRow(shop.reseller.Call("service", "lang=ru"), name).child_value("caption") ==
             std::string("Резервные копии"));
  BOOST_TEST(ServiceRow(shop.client.Call("client.service"), name).child_value("caption") ==
             std::string("Backup"));
  // Built-in services stay; one a client has had stays; an unused one goes.
  BOOST_TEST(ErrorType(As::Admin().Call("service.delete", "elid=cdn")) == "access");
  BOOST_REQUIRE(IsOk(shop.reseller.Call("client.service.status",
                                        "elid=" + shop.u + "&service=" + name + "&status=trial")));
  BOOST_TEST(ErrorType(As::Admin().Call("service.delete", "elid=" + name)) == "exists");
  const std::string spare = name + "x";
  BOOST_REQUIRE(IsOk(As::Admin().Call("service.edit", "sok=ok&name=" + spare + "&title_en=Spare")));
  BOOST_TEST(IsOk(As::Admin().Call("service.delete", "elid=" + spare)));
  BOOST_TEST(!ServiceRow(As::Admin().Call("service"), spare));

  // Scope: another reseller reaches neither this client's services nor this reseller's settings.
  Shop other;
  BOOST_TEST(ErrorType(other.reseller.Call("client.service", "elid=" + shop.u)) == "missed");
  BOOST_TEST(ErrorType(other.reseller.Call("client.service.status",
                                           "elid=" + shop.u + "&service=dns&status=active")) ==
             "missed");
  BOOST_TEST(ErrorType(other.reseller.Call("vendor.edit", "elid=" + shop.r)) == "missed");
  BOOST_TEST(ErrorType(shop.client.Call("client.service.status",
                                        "elid=" + shop.u + "&service=dns&status=active")) ==
             "access");
  // Vendor settings are checked.
  BOOST_TEST(ErrorObjectOf(shop.reseller.Call("vendor.edit", "sok=ok&support_email=a%0Ab%40c")) ==
             "support_email");
  BOOST_TEST(ErrorObjectOf(shop.reseller.Call(
                 "vendor.edit", "sok=ok&url_docs=javascript:alert(1)")) == "url_docs");
  BOOST_TEST(ErrorObjectOf(shop.reseller.Call("vendor.edit", "sok=ok&support_by=nobody")) ==
             "support_by");
}

BOOST_AUTO_TEST_CASE(ticket_answers_and_suspensions_are_mailed_to_the_other_side) {
  Shop shop;
  const std::string client_mail = shop.u + "@client.test", desk = "desk@" + shop.r + ".test";
  BOOST_REQUIRE(IsOk(shop.reseller.Call(
      "user.edit", "sok=ok&elid=" + shop.u + "&email=" + UrlEncode(client_mail))));
  BOOST_REQUIRE(IsOk(shop.reseller.Call(
      "vendor.edit", "sok=ok&support_by=reseller&support_email=" + UrlEncode(desk))));
  const std::string ticket =
      shop.client.Call("service.request", "elid=storage").child("doc").child_value("ticket");
  BOOST_REQUIRE(!ticket.empty());
  // The centre answers: the client is told; the client answers: the support address is.
  BOOST_REQUIRE(
      IsOk(shop.reseller.Call("ticket.edit", "sok=ok&elid=" + ticket + "&text=Switched%20on")));
  const auto to_client = MailTo(client_mail, "[#" + ticket + "]");
  BOOST_TEST_REQUIRE(to_client.size() == 1u);
  BOOST_TEST(to_client[0].body.find("Switched on") != std::string::npos, to_client[0].body);
  BOOST_REQUIRE(IsOk(shop.client.Call("ticket.edit", "sok=ok&elid=" + ticket + "&text=Thanks")));
  BOOST_TEST(MailTo(desk, "[#" + ticket + "]").size() == 1u);
  // Suspended with a reason, and resumed: the account is told both times.
  BOOST_REQUIRE(
      IsOk(shop.reseller.Call("user.suspend", "elid=" + shop.u + "&reason=Unpaid%20invoice")));
  const auto suspended = MailTo(client_mail, "is suspended");
  BOOST_TEST_REQUIRE(suspended.size() == 1u);
  BOOST_TEST(suspended[0].body.find("Unpaid invoice") != std::string::npos);
  BOOST_REQUIRE(IsOk(shop.reseller.Call("user.resume", "elid=" + shop.u)));
  BOOST_TEST(MailTo(client_mail, "works again").size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_clients_home_says_whom_to_ask) {
  Shop shop;
  BOOST_REQUIRE(IsOk(shop.reseller.Call(
      "vendor.edit", "sok=ok&support_by=reseller&support_email=help%40" + shop.r +
                         ".test&support_phone=%2B1%20555%200100&url_docs=https%3A%2F%2Fdocs." +
                         shop.r + ".test%2F&url_status=https%3A%2F%2Fstatus." + shop.r + ".test")));
  const pugi::xml_document dashboard = shop.client.Call("dashboard");
  const pugi::xml_node support = dashboard.child("doc").child("support");
  BOOST_TEST(support.attribute("email").value() == "help@" + shop.r + ".test");
  BOOST_TEST(support.attribute("phone").value() == std::string("+1 555 0100"));
  BOOST_TEST(support.attribute("docs").value() == "https://docs." + shop.r + ".test/");
  HttpOptions html;
  html.accept = "text/html,application/xhtml+xml";
  const HttpResponse home = HttpGet(Url(shop.client.credentials), html);
  BOOST_TEST(home.body.find("<a href=\"https://status." + shop.r +
                            ".test\" id=\"dash-support-status\"") != std::string::npos);
  // Routed to the vendor: the host's address, the reseller's own links.
  BOOST_REQUIRE(IsOk(As::Admin().Call("vendor.edit", "sok=ok&support_email=noc%40host.test")));
  BOOST_REQUIRE(IsOk(shop.reseller.Call("vendor.edit", "sok=ok&support_by=vendor")));
  const pugi::xml_document routed_dashboard = shop.client.Call("dashboard");
  const pugi::xml_node routed = routed_dashboard.child("doc").child("support");
  BOOST_TEST(routed.attribute("email").value() == std::string("noc@host.test"));
  BOOST_TEST(routed.attribute("docs").value() == "https://docs." + shop.r + ".test/");
}

// Issue 13, feature 2: users and resellers open tickets to their provider, a reseller writes to
// its users, and each side sees what waits for its answer.
BOOST_AUTO_TEST_CASE(two_way_support_between_clients_resellers_and_the_host) {
  Shop shop;
  const std::string desk = "desk@" + shop.r + ".test";
  BOOST_REQUIRE(IsOk(shop.reseller.Call(
      "vendor.edit", "sok=ok&support_by=reseller&support_email=" + UrlEncode(desk))));
  const auto waiting = [](const As& as) {
    return std::stoi(
        as.Call("dashboard").child("doc").child("tickets").attribute("waiting").value());
  };
  const int reseller_before = waiting(shop.reseller);
  const auto opened =
      shop.client.Call("ticket.new", "sok=ok&subject=Slow%20site&priority=high&text=Help");
  BOOST_REQUIRE(IsOk(opened));
  const std::string id = opened.child("doc").child_value("id");
  BOOST_TEST(shop.reseller.Call("ticket.edit", "elid=" + id).child("doc").child_value("subject") ==
             std::string("Slow site"));
  BOOST_TEST(waiting(shop.reseller) == reseller_before + 1);
  BOOST_TEST(MailTo(desk, "Slow site").size() == 1u);
  BOOST_REQUIRE(IsOk(shop.reseller.Call("ticket.edit", "sok=ok&elid=" + id + "&text=Looking")));
  BOOST_TEST(waiting(shop.reseller) == reseller_before);
  BOOST_TEST(waiting(shop.client) == 1);

  // The reseller writes to two of its users at once; each has a ticket waiting.
  const std::string second = Unique("sc");
  MakeUser(shop.reseller, second);
  BOOST_REQUIRE(IsOk(
      shop.reseller.Call("user.message", "sok=ok&elid=" + UrlEncode(shop.u + ", " + second) +
                                             "&subject=Maintenance&priority=low&text=Tonight")));
  BOOST_TEST(waiting(shop.client) == 2);
  BOOST_TEST(waiting(As::Login(second, kPassword)) == 1);
  Shop other;
  BOOST_TEST(ErrorType(other.reseller.Call(
                 "user.message", "sok=ok&elid=" + shop.u + "&subject=x&text=y")) == "missed");

  // A reseller's own ticket goes to its parent, the host.
  const auto up = shop.reseller.Call("ticket.new", "sok=ok&subject=Invoice%20question&text=Hi");
  BOOST_REQUIRE(IsOk(up));
  BOOST_TEST(As::Admin()
                 .Call("ticket.edit", "elid=" + std::string(up.child("doc").child_value("id")))
                 .child("doc")
                 .child_value("subject") == std::string("Invoice question"));
  BOOST_TEST(ErrorType(As::Admin().Call("ticket.new", "sok=ok&subject=x&text=y")) == "value");
}

// The panel's way in: a nested list (plid = the client, elid = the service), status and
// visibility in one form, the status first.
BOOST_AUTO_TEST_CASE(a_clients_service_is_changed_through_its_nested_form) {
  Shop shop;
  const auto list = shop.reseller.Call("client.service", "elid=" + shop.u);
  BOOST_TEST(list.child("doc").child_value("plid") == shop.u);
  const auto form = shop.reseller.Call("client.service.edit", "plid=" + shop.u + "&elid=dns");
  BOOST_TEST(form.child("doc").child_value("plid") == shop.u);
  BOOST_TEST(form.child("doc").child_value("status") == std::string("new"));
  BOOST_TEST(static_cast<bool>(
      form.child("doc").child("slist").find_child_by_attribute("msg", "key", "active")));
  BOOST_TEST(!form.child("doc").child("slist").find_child_by_attribute("msg", "key", "paused"));
  // Paused from active and hidden, in one submit: the status moves first.
  BOOST_REQUIRE(IsOk(
      shop.reseller.Call("client.service.edit",
                         "sok=ok&plid=" + shop.u + "&elid=dns&status=active&visibility=default")));
  BOOST_REQUIRE(IsOk(
      shop.reseller.Call("client.service.edit",
                         "sok=ok&plid=" + shop.u + "&elid=dns&status=paused&visibility=hidden")));
  const pugi::xml_document services = shop.reseller.Call("client.service", "elid=" + shop.u);
  const pugi::xml_node row = ServiceRow(services, "dns");
  BOOST_TEST(row.child_value("status") == std::string("paused"));
  BOOST_TEST(row.child_value("visibility") == std::string("hidden"));
  // Active and hidden at once is refused whole.
  const auto refused = shop.reseller.Call(
      "client.service.edit", "sok=ok&plid=" + shop.u + "&elid=cdn&status=active&visibility=hidden");
  BOOST_TEST(ErrorObjectOf(refused) == "visibility");
  BOOST_TEST(ServiceRow(shop.reseller.Call("client.service", "elid=" + shop.u), "cdn")
                 .child_value("status") == std::string("new"));
  Shop other;
  BOOST_TEST(ErrorType(other.reseller.Call("client.service.edit",
                                           "plid=" + shop.u + "&elid=dns")) == "missed");
}

BOOST_AUTO_TEST_SUITE_END()
