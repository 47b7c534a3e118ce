// Licence reselling (issue 24) through the real stack: IP licences for a reseller and a
// sub-reseller, availability, the check-in a licensed server makes (from its own loopback
// address), activation keys under parallel registrations, server accounts, limits and funds,
// isolation, suspension, deletion, and the daily run charging licences at each level.

#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <ctime>
#include <set>
#include <thread>

#include "base/days.h"
#include "billing/daily_share.h"
#include "http/api.h"
#include "http/money.h"

using namespace resellermgr;
using namespace resellermgr::testing;
using resellermgr::base::UtcDay;

namespace {

// An address no other test (or earlier run on this stack) licenses: documentation IPv6.
std::string NewIp() {
  static int counter = 0;
  char text[64];
  std::snprintf(text, sizeof text, "2001:db8:%x:%x::%x", static_cast<unsigned>(getpid() & 0xffff),
                static_cast<unsigned>(std::time(nullptr) & 0xffff), ++counter);
  return text;
}

// A loopback address of its own to check in from (nginx sees it as the server's address).
std::string NewLoopback() {
  static int counter = 0;
  ++counter;
  return "127." + std::to_string(getpid() % 200 + 20) + "." +
         std::to_string((std::time(nullptr) / 7 + counter / 250) % 256) + "." +
         std::to_string(counter % 250 + 2);
}

// license.checkin from `from`, as a licensed server calls it.
pugi::xml_document CheckIn(const std::string& from, const std::string& extra = {}) {
  HttpOptions options;
  options.source_ip = from;
  return HttpPost(Url(""), "func=license.checkin" + (extra.empty() ? "" : "&" + extra), options)
      .Xml();
}

std::set<std::string> Types(const pugi::xml_document& reply) {
  std::set<std::string> types;
  for (pugi::xml_node row : reply.child("doc").children("elem"))
    types.insert(row.child_value("type"));
  return types;
}

std::string Add(const As& as, const std::string& ip, int type, const std::string& extra = {}) {
  const pugi::xml_document added =
      as.Call("license.edit", "sok=ok&ip=" + UrlEncode(ip) + "&type=" + std::to_string(type) +
                                  (extra.empty() ? "" : "&" + extra));
  BOOST_REQUIRE_MESSAGE(IsOk(added), "adding " << ip << ": " << Detail(added));
  return added.child("doc").child_value("id");
}

pugi::xml_node LicenseRow(const pugi::xml_document& list, const std::string& ip) {
  for (pugi::xml_node row : list.child("doc").children("elem"))
    if (row.child_value("ip") == ip) return row;
  return {};
}

std::string Status(const pugi::xml_document& availability, int type) {
  for (pugi::xml_node row : availability.child("doc").children("elem"))
    if (row.child_value("type") == std::to_string(type)) return row.child_value("status");
  return {};
}

CommandResult BillingRun(const std::string& day) {
  return RunCommand(Resellerctl("billing run --date " + day));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(licenses)

BOOST_AUTO_TEST_CASE(a_reseller_and_its_sub_reseller_sell_ip_licences) {
  const As admin = As::Admin();
  const std::string r = Unique("rlc"), s = Unique("slc");
  MakeReseller(r, "may_resell=on");
  const As reseller = As::Login(r, kPassword);
  BOOST_TEST(IsOk(reseller.Call("reseller.edit", "sok=ok&name=" + s + "&passwd=" + kPassword)));
  const As sub = As::Login(s, kPassword);
  // The products on sale.
  const pugi::xml_document types = reseller.Call("license.type");
  std::set<std::string> codes;
  for (pugi::xml_node row : types.child("doc").children("elem"))
    codes.insert(row.child_value("code"));
  BOOST_TEST((codes.count("1") && codes.count("16") && codes.count("41")));

  // A server account, and licences: the reseller's own and one for its sub-reseller.
  BOOST_TEST(IsOk(reseller.Call("server.account.edit",
                                "sok=ok&login=acme&first_name=Ann&last_name=Lee&company=Acme"
                                "&email=ann%40acme.test&license_limit=5")));
  const std::string ip1 = NewIp(), ip2 = NewIp(), ip3 = NewIp();
  Add(reseller, ip1, 1, "hostname=web1.acme.test&server_account=acme");
  Add(reseller, ip1, 16);
  Add(reseller, ip2, 41, "owner=" + s);
  Add(sub, ip3, 1);
  // Checked before paying: taken, excluded (another Imunify360 tier), available.
  const pugi::xml_document availability =
      reseller.Call("license.availability", "ip=" + UrlEncode(ip2));
  BOOST_TEST(Status(availability, 41) == "taken");
  BOOST_TEST(Status(availability, 42) == "excluded");
  BOOST_TEST(Status(availability, 1) == "available");
  // One licence per IP and type, one tier per IP; an address must be one.
  BOOST_TEST(ErrorType(reseller.Call("license.edit", "sok=ok&ip=" + UrlEncode(ip1) + "&type=1")) ==
             "exists");
  BOOST_TEST(ErrorType(reseller.Call("license.edit", "sok=ok&ip=" + UrlEncode(ip2) + "&type=43")) ==
             "exists");
  for (const char* bad : {"300.1.1.1", "192.0.2.0/24", "0.0.0.0", "ff02::1", "web1", ""})
    BOOST_TEST(ErrorObjectOf(reseller.Call(
                   "license.edit", std::string("sok=ok&type=1&ip=") + UrlEncode(bad))) == "ip",
               bad);
  BOOST_TEST(ErrorObjectOf(reseller.Call("license.edit",
                                         "sok=ok&type=999&ip=" + UrlEncode(NewIp()))) == "type");

  // The reseller's list: its own and its sub-reseller's, with owner, server account, totals.
  const pugi::xml_document list = reseller.Call("license");
  BOOST_TEST(list.child("doc").child_value("licenses") == std::string("4"));
  pugi::xml_node row = LicenseRow(list, ip1);
  BOOST_REQUIRE(row);
  BOOST_TEST(row.child_value("owner") == r);
  BOOST_TEST(LicenseRow(list, ip2).child_value("owner") == s);
  // Filters: by IP prefix, type, search, server account; sorted and paged.
  const pugi::xml_document by_type = reseller.Call("license", "type=16");
  BOOST_TEST(by_type.child("doc").child_value("p_elems") == std::string("1"));
  BOOST_TEST(reseller.Call("license", "search=web1.acme").child("doc").child_value("p_elems") ==
             std::string("1"));
  BOOST_TEST(reseller.Call("license", "server_account=acme").child("doc").child_value("p_elems") ==
             std::string("1"));
  BOOST_TEST(reseller.Call("license", "ip=" + UrlEncode(ip3.substr(0, ip3.size() - 1)))
                 .child("doc")
                 .child_value("p_elems") != std::string("0"));
  const pugi::xml_document page =
      reseller.Call("license", "p_cnt=2&p_num=2&p_sort=owner&p_order=desc");
  BOOST_TEST(std::distance(page.child("doc").children("elem").begin(),
                           page.child("doc").children("elem").end()) == 2);
  BOOST_TEST(page.child("doc").child_value("p_elems") == std::string("4"));
  BOOST_TEST(ErrorType(reseller.Call("license", "p_sort=password")) == "value");
  // The sub-reseller sees its own two only.
  BOOST_TEST(sub.Call("license").child("doc").child_value("licenses") == std::string("2"));

  // The server account's page: licences used of its limit.
  const pugi::xml_document account = reseller.Call("server.account.edit", "elid=acme");
  BOOST_TEST(account.child("doc").child_value("usage") == std::string("1 / 5"));
  // A server account holding licences goes only with cascade.
  BOOST_TEST(ErrorType(reseller.Call("server.account.delete", "elid=acme")) == "exists");

  // Removing is all or none: one unknown id and nothing goes.
  const std::string id1 = LicenseRow(list, ip1).child_value("id");
  BOOST_TEST(ErrorType(reseller.Call("license.delete", "elid=" + id1 + ",%20999999999")) ==
             "missed");
  BOOST_TEST(reseller.Call("license").child("doc").child_value("licenses") == std::string("4"));
  BOOST_TEST(IsOk(reseller.Call("server.account.delete", "elid=acme&cascade=on")));
  BOOST_TEST(reseller.Call("license").child("doc").child_value("licenses") == std::string("3"));
  // A reseller whose subtree holds licences is not deleted.
  BOOST_TEST(ErrorObjectOf(admin.Call("reseller.delete", "elid=" + r + "&cascade=on")) ==
             "licenses");
}

BOOST_AUTO_TEST_CASE(no_reseller_sees_or_touches_another_ones_licences_keys_or_accounts) {
  const std::string a = Unique("rla"), b = Unique("rlb");
  MakeReseller(a);
  MakeReseller(b);
  const As one = As::Login(a, kPassword), other = As::Login(b, kPassword);
  const std::string ip = NewIp();
  const std::string id = Add(one, ip, 16);
  BOOST_TEST(IsOk(one.Call("server.account.edit", "sok=ok&login=cust")));
  const pugi::xml_document key = one.Call("license.key.edit", "sok=ok&type=1&server_limit=2");
  BOOST_REQUIRE(IsOk(key));
  const std::string key_id = key.child("doc").child_value("id");

  BOOST_TEST(!LicenseRow(other.Call("license"), ip));
  BOOST_TEST(other.Call("license", "search=" + UrlEncode(ip)).child("doc").child_value("p_elems") ==
             std::string("0"));
  BOOST_TEST(ErrorType(other.Call("license.edit", "elid=" + id)) == "missed");
  BOOST_TEST(ErrorType(other.Call("license.delete", "elid=" + id)) == "missed");
  BOOST_TEST(ErrorType(other.Call("license.key.servers", "elid=" + key_id)) == "missed");
  BOOST_TEST(ErrorType(other.Call("license.key.delete", "elid=" + key_id)) == "missed");
  BOOST_TEST(!other.Call("license.key").child("doc").child("elem"));
  BOOST_TEST(ErrorType(other.Call("server.account.edit", "elid=cust")) == "missed");
  BOOST_TEST(ErrorType(other.Call("server.account.delete", "elid=cust")) == "missed");
  BOOST_TEST(ErrorType(other.Call("license.edit", "sok=ok&type=1&owner=" + a +
                                                      "&ip=" + UrlEncode(NewIp()))) == "missed");
  BOOST_TEST(ErrorType(other.Call("license.edit", "sok=ok&type=1&server_account=cust&ip=" +
                                                      UrlEncode(NewIp()))) == "missed");
  // A user has no licence functions; the types are the admin's to change.
  const std::string u = Unique("ulc");
  MakeUser(one, u);
  BOOST_TEST(ErrorType(As::Login(u, kPassword).Call("license")) == "access");
  BOOST_TEST(ErrorType(one.Call("license.type.edit", "sok=ok&code=77&name=x&product=x")) ==
             "access");
  BOOST_TEST(IsOk(one.Call("license.delete", "elid=" + id)));
}

// A suspension's preview counts the licences it stops (issue 25 item 2), and the check-ins agree
// with it afterwards: those already stopped by a suspension below are not counted again.
BOOST_AUTO_TEST_CASE(a_suspension_preview_counts_the_licences_it_stops) {
  const std::string r = Unique("rps"), s = Unique("sps");
  MakeReseller(r, "may_resell=on");
  const As reseller = As::Login(r, kPassword);
  BOOST_REQUIRE(IsOk(reseller.Call("reseller.edit", "sok=ok&name=" + s + "&passwd=" + kPassword)));
  const std::string own = NewLoopback(), subs = NewLoopback();
  Add(reseller, own, 1);
  Add(As::Login(s, kPassword), subs, 1);
  const auto licences = [&](const As& as, const std::string& func, const std::string& name) {
    const pugi::xml_document preview = as.Call(func, "elid=" + name + "&preview=on");
    const pugi::xml_node count = preview.child("doc").child("elem").child("licenses");
    BOOST_REQUIRE_MESSAGE(count, func << " preview has no licences");
    BOOST_TEST(count.attribute("reach").value() == std::string("yes"));
    return std::stoi(count.child_value());
  };
  BOOST_TEST(licences(As::Admin(), "reseller.suspend", r) == 2);
  BOOST_TEST(licences(reseller, "reseller.suspend", s) == 1);
  BOOST_REQUIRE(IsOk(reseller.Call("reseller.suspend", "elid=" + s)));
  BOOST_TEST(Types(CheckIn(subs)).empty());  // stopped, as the preview said
  BOOST_TEST(Types(CheckIn(own)).size() == 1u);
  BOOST_TEST(licences(As::Admin(), "reseller.suspend", r) == 1);  // the sub's already stopped
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.suspend", "elid=" + r)));
  BOOST_TEST(Types(CheckIn(own)).empty());
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.resume", "elid=" + r)));
  BOOST_REQUIRE(IsOk(reseller.Call("reseller.resume", "elid=" + s)));
  BOOST_TEST(Types(CheckIn(subs)).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_server_checks_in_for_its_own_address_only) {
  const std::string r = Unique("rci");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  const std::string server = NewLoopback(), stranger = NewLoopback();
  const std::string id = Add(reseller, server, 1);
  Add(reseller, server, 16);

  const pugi::xml_document reply = CheckIn(server, "hostname=node7.example.test");
  BOOST_TEST(reply.child("doc").child_value("ip") == server);
  BOOST_TEST((Types(reply) == std::set<std::string>{"1", "16"}));
  const pugi::xml_document seen = reseller.Call("license");
  BOOST_TEST(LicenseRow(seen, server).child_value("hostname") == std::string("node7.example.test"));
  BOOST_TEST(!std::string(LicenseRow(seen, server).child_value("last_checkin")).empty());
  BOOST_TEST(LicenseRow(seen, server).child_value("stale") == std::string("off"));
  // Another address learns nothing: no rows, no error naming anyone; a key it does not hold
  // reads as unknown.
  const pugi::xml_document nothing = CheckIn(stranger, "key=" + std::string(32, 'a'));
  BOOST_TEST(Types(nothing).empty());
  BOOST_TEST(nothing.child("doc").child_value("key") == std::string("unknown"));
  BOOST_TEST(nothing.child("doc").child_value("ip") == stranger);
  BOOST_TEST(ErrorObjectOf(CheckIn(stranger, "hostname=bad%20name")) == "hostname");

  // Suspended, its licences stop checking in as valid; resumed, they are back.
  BOOST_TEST(IsOk(As::Admin().Call("reseller.suspend", "elid=" + r)));
  BOOST_TEST(Types(CheckIn(server)).empty());
  BOOST_TEST(IsOk(As::Admin().Call("reseller.resume", "elid=" + r)));
  BOOST_TEST(Types(CheckIn(server)).size() == 2u);

  // Throttled per address: past the minute's allowance (60) it is refused. 121 check-ins put at
  // least 61 in one minute, whenever the minute turns.
  const std::string busy = NewLoopback();
  int refused = 0;
  for (int i = 0; i < 121; ++i) refused += ErrorType(CheckIn(busy)) == "limit" ? 1 : 0;
  BOOST_TEST(refused >= 1);
  BOOST_TEST(refused <= 61);
  BOOST_TEST(Types(CheckIn(server)).size() == 2u);  // another address is not held back
  BOOST_TEST(IsOk(reseller.Call("license.delete", "elid=" + id)));
}

BOOST_AUTO_TEST_CASE(a_key_registers_exactly_its_limit_of_servers_in_parallel) {
  const std::string r = Unique("rky");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  BOOST_TEST(IsOk(reseller.Call("server.account.edit", "sok=ok&login=fleet&license_limit=10")));
  const pugi::xml_document made = reseller.Call(
      "license.key.edit", "sok=ok&type=16&server_limit=3&note=fleet&server_account=fleet");
  BOOST_REQUIRE(IsOk(made));
  const std::string key = made.child("doc").child_value("key"),
                    id = made.child("doc").child_value("id");
  BOOST_TEST(key.size() == 32u);

  std::vector<std::string> servers;
  for (int i = 0; i < 20; ++i) servers.push_back(NewLoopback());
  std::atomic<int> registered = 0, full = 0;
  std::vector<std::thread> threads;
  for (const std::string& server : servers) {
    threads.emplace_back([&, server] {
      const pugi::xml_document reply = CheckIn(server, "key=" + key + "&hostname=n.fleet.test");
      const std::string status = reply.child("doc").child_value("key");
      if (status == "registered" && Types(reply) == std::set<std::string>{"16"}) ++registered;
      if (status == "full" && Types(reply).empty()) ++full;
    });
  }
  for (std::thread& t : threads) t.join();
  BOOST_TEST(registered.load() == 3);
  BOOST_TEST(full.load() == 17);

  const pugi::xml_document keys = reseller.Call("license.key");
  pugi::xml_node row = keys.child("doc").child("elem");
  BOOST_TEST(row.child_value("servers") == std::string("3"));
  BOOST_TEST(row.child_value("server_limit") == std::string("3"));
  BOOST_TEST(row.child_value("server_account") == std::string("fleet"));
  const pugi::xml_document on_key = reseller.Call("license.key.servers", "elid=" + id);
  BOOST_TEST(std::distance(on_key.child("doc").children("elem").begin(),
                           on_key.child("doc").children("elem").end()) == 3);
  BOOST_TEST(reseller.Call("server.account.edit", "elid=fleet").child("doc").child_value("usage") ==
             std::string("3 / 10"));
  // A registered server checking in again takes no second slot.
  std::string one;
  for (pugi::xml_node s : on_key.child("doc").children("elem")) one = s.child_value("ip");
  BOOST_TEST(CheckIn(one, "key=" + key).child("doc").child_value("key") ==
             std::string("registered"));
  // The limit is not lowered below what is registered; raised, one more fits.
  BOOST_TEST(ErrorObjectOf(reseller.Call(
                 "license.key.edit", "sok=ok&elid=" + id + "&server_limit=2")) == "server_limit");
  BOOST_TEST(
      IsOk(reseller.Call("license.key.edit", "sok=ok&elid=" + id + "&server_limit=4&note=more")));
  BOOST_TEST(CheckIn(NewLoopback(), "key=" + key).child("doc").child_value("key") ==
             std::string("registered"));
  // Removing the key frees its servers: their licences go with it.
  BOOST_TEST(IsOk(reseller.Call("license.key.delete", "elid=" + id)));
  BOOST_TEST(reseller.Call("license").child("doc").child_value("licenses") == std::string("0"));
  BOOST_TEST(Types(CheckIn(one)).empty());
}

BOOST_AUTO_TEST_CASE(limits_and_funds_bound_what_a_reseller_adds) {
  const As admin = As::Admin();
  const std::string card = Unique("lic");
  MakeCard(admin, card, {{"license:16", "31"}});
  const std::string r = Unique("rlm");
  MakeReseller(r, "ratecard=" + card + "&limit_licenses=2");
  BOOST_TEST(admin.Call("reseller.edit", "elid=" + r).child("doc").child_value("limit_licenses") ==
             std::string("2"));
  const As reseller = As::Login(r, kPassword);
  // No money and no credit: the first day cannot be paid.
  const pugi::xml_document poor =
      reseller.Call("license.edit", "sok=ok&type=16&ip=" + UrlEncode(NewIp()));
  BOOST_TEST(ErrorType(poor) == "limit");
  BOOST_TEST(ErrorObjectOf(poor) == "balance");
  BOOST_TEST(IsOk(admin.Call("wallet.edit", "sok=ok&elid=" + r + "&credit_limit=100")));
  Add(reseller, NewIp(), 16);
  Add(reseller, NewIp(), 1);  // not priced: free
  const pugi::xml_document third =
      reseller.Call("license.edit", "sok=ok&type=16&ip=" + UrlEncode(NewIp()));
  BOOST_TEST(ErrorType(third) == "limit");
  BOOST_TEST(ErrorObjectOf(third) == "limit_licenses");
  // The heading: held, limit, unused, and what they cost a month at its provider card.
  const pugi::xml_document list = reseller.Call("license");
  BOOST_TEST(list.child("doc").child_value("unused") == std::string("0"));
  BOOST_TEST(list.child("doc").child_value("cost_month") == std::string("31.00"));
  const pugi::xml_document home = reseller.Call("dashboard");
  BOOST_TEST(home.child("doc").child("licenses").attribute("licenses").as_int() == 2);
  BOOST_TEST(home.child("doc").child("licenses").attribute("cost_month").value() ==
             std::string("31.00"));
  // A server account's own limit.
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&limit_licenses=")));
  BOOST_TEST(IsOk(reseller.Call("server.account.edit", "sok=ok&login=small&license_limit=1")));
  Add(reseller, NewIp(), 1, "server_account=small");
  BOOST_TEST(ErrorObjectOf(reseller.Call(
                 "license.edit", "sok=ok&type=1&server_account=small&ip=" + UrlEncode(NewIp()))) ==
             "server_account");
  // A licence card item names a type on sale.
  BOOST_TEST(ErrorObjectOf(admin.Call("ratecard.price.edit",
                                      "sok=ok&plid=" + card + "&item=license:999&price=1")) ==
             "item");
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
}

BOOST_AUTO_TEST_CASE(the_daily_run_charges_licences_at_each_level) {
  const As admin = As::Admin();
  const std::string day = UtcDay(13);
  const std::string card = Unique("lictop");
  MakeCard(admin, card, {{"license:1", "31"}});
  const std::string r = Unique("rld"), s = Unique("sld");
  MakeReseller(r, "may_resell=on&ratecard=" + card);
  BOOST_TEST(IsOk(admin.Call("wallet.edit", "sok=ok&elid=" + r + "&credit_limit=1000")));
  const As reseller = As::Login(r, kPassword);
  MakeCard(reseller, "subs", {{"license:1", "62"}});
  BOOST_TEST(IsOk(reseller.Call("reseller.edit",
                                "sok=ok&name=" + s + "&passwd=" + kPassword + "&ratecard=subs")));
  BOOST_TEST(IsOk(reseller.Call("wallet.edit", "sok=ok&elid=" + s + "&credit_limit=500")));
  const As sub = As::Login(s, kPassword);
  Add(reseller, NewIp(), 1);
  Add(sub, NewIp(), 1);
  const CommandResult run = BillingRun(day);
  BOOST_TEST(run.exit_code == 0, run.output);
  const std::int64_t sub_pays =
      billing::DailyShare(6200, base::DayOfMonth(day), base::DaysInMonth(day));
  const std::int64_t top_pays =
      2 * billing::DailyShare(3100, base::DayOfMonth(day), base::DaysInMonth(day));
  BOOST_TEST(OwnBalance(sub) == -sub_pays);
  BOOST_TEST(OwnBalance(reseller) == sub_pays - top_pays);
  const CommandResult books = RunCommand(Resellerctl("ledger verify"));
  BOOST_TEST(books.exit_code == 0, books.output);
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
}

BOOST_AUTO_TEST_CASE(a_licence_has_a_backup_priced_by_the_gib_and_managed_by_a_one_time_link) {
  const As admin = As::Admin();
  const std::string card = Unique("bak");
  MakeCard(admin, card, {{"backup_gib", "0.31"}});
  const std::string r = Unique("rbk"), other = Unique("rbo");
  MakeReseller(r, "ratecard=" + card);
  MakeReseller(other);
  BOOST_TEST(IsOk(admin.Call("wallet.edit", "sok=ok&elid=" + r + "&credit_limit=100")));
  const As reseller = As::Login(r, kPassword);
  const std::string ip = NewIp();
  const std::string license = Add(reseller, ip, 1);
  // The form offers the licence and the configured datacenters.
  const pugi::xml_document form = reseller.Call("backup.edit");
  BOOST_TEST(form.child("doc")
                 .find_child_by_attribute("slist", "name", "license")
                 .find_child_by_attribute("msg", "key", license.c_str()));
  BOOST_TEST(form.child("doc")
                 .find_child_by_attribute("slist", "name", "datacenter")
                 .find_child_by_attribute("msg", "key", "us-1"));
  BOOST_TEST(ErrorObjectOf(reseller.Call(
                 "backup.edit", "sok=ok&license=" + license + "&size_gib=50&datacenter=mars")) ==
             "datacenter");
  const pugi::xml_document made =
      reseller.Call("backup.edit", "sok=ok&license=" + license + "&size_gib=50&datacenter=eu-1");
  BOOST_REQUIRE(IsOk(made));
  const std::string id = made.child("doc").child_value("id");
  BOOST_TEST(ErrorType(reseller.Call(
                 "backup.edit", "sok=ok&license=" + license + "&size_gib=5&datacenter=eu-1")) ==
             "exists");
  BOOST_TEST(IsOk(reseller.Call("backup.edit", "sok=ok&elid=" + id + "&size_gib=100")));
  const pugi::xml_document list = reseller.Call("backup");
  BOOST_TEST(list.child("doc").child("elem").child_value("size_gib") == std::string("100"));
  BOOST_TEST(list.child("doc").child("elem").child_value("ip") == ip);
  // Nobody else reaches it.
  const As stranger = As::Login(other, kPassword);
  BOOST_TEST(!stranger.Call("backup").child("doc").child("elem"));
  BOOST_TEST(ErrorType(stranger.Call("backup.manage", "elid=" + id)) == "missed");
  BOOST_TEST(ErrorType(stranger.Call(
                 "backup.edit", "sok=ok&license=" + license + "&size_gib=5&datacenter=eu-1")) ==
             "missed");

  // Manage: a link into the backup system with a key that opens this backup once.
  const pugi::xml_document manage = reseller.Call("backup.manage", "elid=" + id);
  const std::string location = manage.child("doc").child_value("location");
  BOOST_TEST(location.rfind("https://backup.hoster.test/login?key=", 0) == 0u, location);
  const std::string key = location.substr(location.find("key=") + 4, 64);
  const pugi::xml_document opened = HttpPost(Url(""), "func=backup.key&key=" + key).Xml();
  BOOST_TEST(opened.child("doc").child_value("backup") == id);
  BOOST_TEST(opened.child("doc").child_value("size_gib") == std::string("100"));
  BOOST_TEST(opened.child("doc").child_value("owner") == r);
  BOOST_TEST(ErrorType(HttpPost(Url(""), "func=backup.key&key=" + key).Xml()) == "auth");
  BOOST_TEST(ErrorType(HttpPost(Url(""), "func=backup.key&key=" + std::string(64, '0')).Xml()) ==
             "auth");

  // The daily run charges the GiB at the provider card.
  const std::string day = UtcDay(14);
  BOOST_TEST(BillingRun(day).exit_code == 0);
  BOOST_TEST(OwnBalance(reseller) ==
             -100 * billing::DailyShare(31, base::DayOfMonth(day), base::DaysInMonth(day)));
  // Removing the licence removes its backup.
  BOOST_TEST(IsOk(reseller.Call("license.delete", "elid=" + license)));
  BOOST_TEST(!reseller.Call("backup").child("doc").child("elem"));
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
}

BOOST_AUTO_TEST_CASE(the_admin_keeps_the_licence_types) {
  const As admin = As::Admin();
  const int code = 500 + static_cast<int>(getpid() % 400);
  const std::string name = Unique("Product ");
  BOOST_TEST(IsOk(admin.Call("license.type.edit", "sok=ok&code=" + std::to_string(code) +
                                                      "&name=" + UrlEncode(name) +
                                                      "&product=test&enabled=on")));
  BOOST_TEST(ErrorType(admin.Call("license.type.edit", "sok=ok&code=" + std::to_string(code) +
                                                           "&name=other&product=test")) ==
             "exists");
  BOOST_TEST(ErrorObjectOf(admin.Call("license.type.edit", "sok=ok&code=abc&name=x&product=x")) ==
             "code");
  BOOST_TEST(ErrorObjectOf(admin.Call("license.type.edit",
                                      "sok=ok&code=9999&name=x&product=Bad%20Name")) == "product");
  // Off sale: resellers neither see nor add it.
  BOOST_TEST(IsOk(
      admin.Call("license.type.edit", "sok=ok&elid=" + std::to_string(code) + "&enabled=off")));
  const std::string r = Unique("rty");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  bool listed = false;
  const pugi::xml_document types = reseller.Call("license.type");
  for (pugi::xml_node row : types.child("doc").children("elem"))
    listed = listed || row.child_value("code") == std::to_string(code);
  BOOST_TEST(!listed);
  BOOST_TEST(ErrorObjectOf(reseller.Call("license.edit", "sok=ok&type=" + std::to_string(code) +
                                                             "&ip=" + UrlEncode(NewIp()))) ==
             "type");
}

BOOST_AUTO_TEST_SUITE_END()
