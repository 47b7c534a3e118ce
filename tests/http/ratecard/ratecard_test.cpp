// Rate cards (issue 23, first part): cards and their versioned prices through the real stack.

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <ctime>
#include <map>

#include "base/days.h"
#include "http/api.h"

using namespace resellermgr::testing;
using resellermgr::base::UtcDay;

namespace {

pugi::xml_node Item(const pugi::xml_document& prices, const std::string& item) {
  for (pugi::xml_node row : prices.child("doc").children("elem"))
    if (row.child_value("item") == item) return row;
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ratecards)

BOOST_AUTO_TEST_CASE(a_card_prices_what_its_owner_can_sell_from_a_day_on) {
  const std::string r = Unique("rrc");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  BOOST_TEST(IsOk(reseller.Call("preset.edit", "sok=ok&name=small&limit_quota=1024")));
  BOOST_TEST(IsOk(reseller.Call("ratecard.edit", "sok=ok&name=retail")));
  BOOST_TEST(ErrorType(reseller.Call("ratecard.edit", "sok=ok&name=retail")) == "exists");

  const std::string service =
      reseller.Call("service").child("doc").child("elem").child_value("name");
  BOOST_REQUIRE(!service.empty());
  for (const std::string& item : {std::string("account"), std::string("plan:small"),
                                  "service:" + service, std::string("disk_gib")}) {
    BOOST_TEST(IsOk(reseller.Call("ratecard.price.edit",
                                  "sok=ok&plid=retail&item=" + item + "&price=4.50")),
               item);
  }
  // Only what the owner can sell, priced as money.
  BOOST_TEST(ErrorType(reseller.Call("ratecard.price.edit",
                                     "sok=ok&plid=retail&item=plan:nosuch&price=1")) == "missed");
  BOOST_TEST(ErrorType(reseller.Call("ratecard.price.edit",
                                     "sok=ok&plid=retail&item=service:nosuch&price=1")) ==
             "missed");
  BOOST_TEST(ErrorType(reseller.Call("ratecard.price.edit",
                                     "sok=ok&plid=retail&item=widgets&price=1")) == "value");
  for (const char* price : {"1.234", "-1", "abc", ""}) {
    BOOST_TEST(ErrorType(reseller.Call(
                   "ratecard.price.edit",
                   std::string("sok=ok&plid=retail&item=account&price=") + price)) == "value",
               price);
  }
  // Never in the past, always a real day.
  for (const std::string& day : {UtcDay(-1), std::string("2026-13-01"), std::string("tomorrow")}) {
    const pugi::xml_document refused = reseller.Call(
        "ratecard.price.edit", "sok=ok&plid=retail&item=account&price=9&effective_from=" + day);
    BOOST_TEST(ErrorType(refused) == "value", day);
    BOOST_TEST(ErrorObjectOf(refused) == "effective_from", day);
  }

  // A change from next week: today keeps its price, the list shows what comes.
  BOOST_TEST(
      IsOk(reseller.Call("ratecard.price.edit",
                         "sok=ok&plid=retail&elid=account&price=6&effective_from=" + UtcDay(7))));
  pugi::xml_document prices = reseller.Call("ratecard.price", "plid=retail");
  pugi::xml_node account = Item(prices, "account");
  BOOST_REQUIRE(account);
  BOOST_TEST(account.child_value("price") == std::string("4.50"));
  BOOST_TEST(account.child_value("since") == UtcDay(0));
  BOOST_TEST(account.child_value("next_price") == std::string("6.00"));
  BOOST_TEST(account.child_value("next_from") == UtcDay(7));
  BOOST_TEST(prices.child("doc").child_value("plid") == std::string("retail"));
  // The card list opens the same list with elid.
  BOOST_TEST(Item(reseller.Call("ratecard.price", "elid=retail"), "plan:small"));

  // Today's price set again replaces today's version; the history keeps one row a day.
  BOOST_TEST(IsOk(reseller.Call("ratecard.price.edit", "sok=ok&plid=retail&elid=account&price=5")));
  BOOST_TEST(Item(reseller.Call("ratecard.price", "plid=retail"), "account").child_value("price") ==
             std::string("5.00"));
  int versions = 0;
  const pugi::xml_document history = reseller.Call("ratecard.history", "plid=retail");
  for (pugi::xml_node row : history.child("doc").children("elem"))
    versions += row.child_value("item") == std::string("account");
  BOOST_TEST(versions == 2);
  BOOST_TEST(FindRow(reseller.Call("ratecard"), "retail").child_value("items") == std::string("4"));
}

BOOST_AUTO_TEST_CASE(items_and_cards_go_all_or_nothing) {
  const std::string r = Unique("rrd");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  BOOST_TEST(IsOk(reseller.Call("ratecard.edit", "sok=ok&name=a")));
  BOOST_TEST(IsOk(reseller.Call("ratecard.edit", "sok=ok&name=b")));
  BOOST_TEST(IsOk(reseller.Call("ratecard.price.edit", "sok=ok&plid=a&item=account&price=1")));
  BOOST_TEST(IsOk(reseller.Call("ratecard.price.edit", "sok=ok&plid=a&item=reseller&price=2")));
  BOOST_TEST(ErrorType(reseller.Call("ratecard.price.delete", "plid=a&elid=account,%20nosuch")) ==
             "missed");
  BOOST_TEST(Item(reseller.Call("ratecard.price", "plid=a"), "account"));
  BOOST_TEST(IsOk(reseller.Call("ratecard.price.delete", "plid=a&elid=account")));
  BOOST_TEST(!Item(reseller.Call("ratecard.price", "plid=a"), "account"));
  BOOST_TEST(reseller.Call("ratecard.history", "plid=a").child("doc").child("elem"));

  BOOST_TEST(ErrorType(reseller.Call("ratecard.delete", "elid=a,%20nosuch")) == "missed");
  BOOST_TEST(FindRow(reseller.Call("ratecard"), "a"));
  BOOST_TEST(IsOk(reseller.Call("ratecard.edit", "sok=ok&elid=b&name=c")));
  BOOST_TEST(IsOk(reseller.Call("ratecard.delete", "elid=a,%20c")));
  BOOST_TEST(!FindRow(reseller.Call("ratecard"), "a"));
  BOOST_TEST(!FindRow(reseller.Call("ratecard"), "c"));
}

BOOST_AUTO_TEST_CASE(nobody_reads_or_changes_another_accounts_cards) {
  const std::string r1 = Unique("rrs"), r2 = Unique("rrs");
  MakeReseller(r1);
  MakeReseller(r2);
  const As one = As::Login(r1, kPassword), two = As::Login(r2, kPassword);
  MakeCard(one, "private", {{"account", "3"}});
  for (const As& other : {two, As::Admin()}) {
    BOOST_TEST(!FindRow(other.Call("ratecard"), "private"));
    BOOST_TEST(ErrorType(other.Call("ratecard.price", "plid=private")) == "missed");
    BOOST_TEST(ErrorType(other.Call("ratecard.history", "plid=private")) == "missed");
    BOOST_TEST(ErrorType(other.Call("ratecard.price.edit",
                                    "sok=ok&plid=private&item=account&price=0")) == "missed");
    BOOST_TEST(ErrorType(other.Call("ratecard.price.delete", "plid=private&elid=account")) ==
               "missed");
    BOOST_TEST(ErrorType(other.Call("ratecard.delete", "elid=private")) == "missed");
  }
  BOOST_TEST(Item(one.Call("ratecard.price", "plid=private"), "account").child_value("price") ==
             std::string("3.00"));
  // A user has no cards of its own to keep.
  const std::string u = Unique("urs");
  MakeUser(one, u);
  BOOST_TEST(ErrorType(As::Login(u, kPassword).Call("ratecard")) == "access");
}

BOOST_AUTO_TEST_CASE(a_card_given_to_an_account_is_its_provider_card) {
  const As admin = As::Admin();
  const std::string base = Unique("base"), other = Unique("other");
  BOOST_TEST(IsOk(admin.Call("ratecard.edit", "sok=ok&name=" + base)));
  BOOST_TEST(IsOk(admin.Call("ratecard.edit", "sok=ok&name=" + other)));
  BOOST_TEST(
      IsOk(admin.Call("ratecard.price.edit", "sok=ok&plid=" + base + "&item=account&price=2.00")));
  // Given on the reseller's form, in the form's own transaction.
  const std::string r = Unique("rra");
  MakeReseller(r, "ratecard=" + base);
  BOOST_TEST(admin.Call("reseller.edit", "elid=" + r).child("doc").child_value("ratecard") == base);
  const As reseller = As::Login(r, kPassword);
  pugi::xml_document mine = reseller.Call("ratecard.provider");
  BOOST_TEST(mine.child("doc").child_value("plid") == base);
  BOOST_TEST(Item(mine, "account").child_value("price") == std::string("2.00"));
  // A card that is not the owner's refuses the whole change.
  pugi::xml_document refused =
      admin.Call("reseller.edit", "sok=ok&elid=" + r + "&fullname=Changed&ratecard=nosuch");
  BOOST_TEST(ErrorType(refused) == "missed");
  BOOST_TEST(ErrorObjectOf(refused) == "ratecard");
  BOOST_TEST(admin.Call("reseller.edit", "elid=" + r).child("doc").child_value("fullname") !=
             std::string("Changed"));

  // A card in use: changes take effect tomorrow at the earliest, items leave tomorrow, and the
  // card cannot go while an account is charged at it.
  BOOST_TEST(FindRow(admin.Call("ratecard"), base).child_value("holders") == std::string("1"));
  BOOST_TEST(ErrorType(admin.Call("ratecard.price.edit",
                                  "sok=ok&plid=" + base + "&elid=account&price=3&effective_from=" +
                                      UtcDay(0))) == "value");
  BOOST_TEST(
      IsOk(admin.Call("ratecard.price.edit", "sok=ok&plid=" + base + "&elid=account&price=3")));
  const pugi::xml_document provided = reseller.Call("ratecard.provider");
  pugi::xml_node account = Item(provided, "account");
  BOOST_TEST(account.child_value("price") == std::string("2.00"));
  BOOST_TEST(account.child_value("next_price") == std::string("3.00"));
  BOOST_TEST(account.child_value("next_from") == UtcDay(1));
  BOOST_TEST(
      IsOk(admin.Call("ratecard.price.edit", "sok=ok&plid=" + base + "&item=reseller&price=1")));
  BOOST_TEST(IsOk(admin.Call("ratecard.price.delete", "plid=" + base + "&elid=reseller")));
  const pugi::xml_document base_prices = admin.Call("ratecard.price", "plid=" + base);
  pugi::xml_node leaving = Item(base_prices, "reseller");
  BOOST_TEST(leaving.child_value("next_price") == std::string("-"));
  BOOST_TEST(ErrorType(admin.Call("ratecard.delete", "elid=" + base)) == "exists");
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=" + other)));
  BOOST_TEST(reseller.Call("ratecard.provider").child("doc").child_value("plid") == other);
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
  BOOST_TEST(!reseller.Call("ratecard.provider").child("doc").child("plid"));
  BOOST_TEST(IsOk(admin.Call("ratecard.delete", "elid=" + base + ",%20" + other)));
}

BOOST_AUTO_TEST_CASE(a_resellers_default_card_goes_to_its_new_users) {
  const std::string r = Unique("rrf");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  BOOST_TEST(IsOk(reseller.Call("ratecard.edit", "sok=ok&name=clients&default=on")));
  BOOST_TEST(IsOk(reseller.Call("ratecard.edit", "sok=ok&name=vip")));
  BOOST_TEST(FindRow(reseller.Call("ratecard"), "clients").child_value("default") ==
             std::string("on"));
  // The form of a new user offers the default and the reseller's cards.
  pugi::xml_document form = reseller.Call("user.edit");
  BOOST_TEST(form.child("doc").child_value("ratecard") == std::string("clients"));
  BOOST_TEST(form.child("doc")
                 .find_child_by_attribute("slist", "name", "ratecard")
                 .find_child_by_attribute("msg", "key", "vip"));
  const std::string u1 = Unique("urf"), u2 = Unique("urf");
  MakeUser(reseller, u1);
  MakeUser(reseller, u2, "ratecard=vip");
  BOOST_TEST(reseller.Call("user.edit", "elid=" + u1).child("doc").child_value("ratecard") ==
             std::string("clients"));
  BOOST_TEST(reseller.Call("user.edit", "elid=" + u2).child("doc").child_value("ratecard") ==
             std::string("vip"));
  // Only its own cards: not the admin's, not another reseller's.
  const std::string admins = Unique("adm");
  BOOST_TEST(IsOk(As::Admin().Call("ratecard.edit", "sok=ok&name=" + admins)));
  BOOST_TEST(ErrorType(reseller.Call("user.edit", "sok=ok&elid=" + u1 + "&ratecard=" + admins)) ==
             "missed");
  BOOST_TEST(IsOk(As::Admin().Call("ratecard.delete", "elid=" + admins)));
}

BOOST_AUTO_TEST_CASE(a_derived_card_follows_its_provider_card_with_a_markup) {
  const As admin = As::Admin();
  const std::string base = Unique("wholesale");
  MakeCard(admin, base, {{"account", "10"}, {"reseller", "3.33"}});
  const std::string r = Unique("rdv");
  MakeReseller(r, "ratecard=" + base);
  const As reseller = As::Login(r, kPassword);
  // Derived: 20% on top, rounded up to 0.50 (10.00 -> 12.00; 3.33 -> 3.996 -> 4.00).
  BOOST_TEST(
      IsOk(reseller.Call("ratecard.edit", "sok=ok&name=retail&derive=on&markup=20&round_to=0.50")));
  pugi::xml_document prices = reseller.Call("ratecard.price", "plid=retail");
  BOOST_TEST(Item(prices, "account").child_value("price") == std::string("12.00"));
  BOOST_TEST(Item(prices, "account").child_value("derived") == std::string("on"));
  BOOST_TEST(Item(prices, "account").child_value("cost") == std::string("10.00"));
  BOOST_TEST(Item(prices, "reseller").child_value("price") == std::string("4.00"));
  pugi::xml_document form = reseller.Call("ratecard.edit", "elid=retail");
  BOOST_TEST(form.child("doc").child_value("markup") == std::string("20.00"));
  BOOST_TEST(form.child("doc").child_value("round_to") == std::string("0.50"));

  // A provider change is followed the day it takes effect; an override stays.
  BOOST_TEST(IsOk(
      admin.Call("ratecard.price.edit",
                 "sok=ok&plid=" + base + "&elid=account&price=20&effective_from=" + UtcDay(2))));
  BOOST_TEST(Item(reseller.Call("ratecard.price", "plid=retail"), "account").child_value("price") ==
             std::string("12.00"));  // today
  // Below cost: refused unless confirmed, then flagged.
  const pugi::xml_document below =
      reseller.Call("ratecard.price.edit", "sok=ok&plid=retail&elid=account&price=9.99");
  BOOST_TEST(ErrorType(below) == "value");
  BOOST_TEST(ErrorObjectOf(below) == "price");
  BOOST_TEST(IsOk(reseller.Call("ratecard.price.edit",
                                "sok=ok&plid=retail&elid=account&price=9.99&below_cost=on")));
  const pugi::xml_document retail = reseller.Call("ratecard.price", "plid=retail");
  pugi::xml_node account = Item(retail, "account");
  BOOST_TEST(account.child_value("price") == std::string("9.99"));
  BOOST_TEST(account.child_value("below_cost") == std::string("on"));
  BOOST_TEST(!account.child("derived"));
  // A card without a provider card to derive from is refused.
  const std::string lone = Unique("rdl");
  MakeReseller(lone);
  BOOST_TEST(ErrorType(As::Login(lone, kPassword)
                           .Call("ratecard.edit", "sok=ok&name=x&derive=on&markup=10")) == "value");
  BOOST_TEST(ErrorType(reseller.Call("ratecard.edit",
                                     "sok=ok&elid=retail&name=retail&markup=much")) == "value");
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
}

BOOST_AUTO_TEST_CASE(a_price_change_is_previewed_client_by_client) {
  const As admin = As::Admin();
  const std::string base = Unique("pvcard");
  MakeCard(admin, base, {{"account", "10"}});
  const std::string r1 = Unique("pvr"), r2 = Unique("pvr"), u = Unique("pvu");
  MakeReseller(r1, "ratecard=" + base);
  MakeReseller(r2, "ratecard=" + base);
  const As reseller = As::Login(r1, kPassword);
  BOOST_REQUIRE(
      IsOk(reseller.Call("ratecard.edit", "sok=ok&name=retail&derive=on&markup=20&round_to=0.50")));
  MakeUser(reseller, u, "ratecard=retail");
  const std::string change =
      "sok=ok&plid=" + base + "&elid=account&price=20&effective_from=" + UtcDay(2);
  const pugi::xml_document preview = admin.Call("ratecard.price.edit", change + "&preview=on");
  BOOST_TEST(preview.child("doc").child_value("from") == UtcDay(2));
  std::map<std::string, std::pair<std::string, std::string>> seen;
  for (pugi::xml_node row : preview.child("doc").children("elem"))
    seen[row.child_value("client")] = {row.child_value("before"), row.child_value("after")};
  // Its holders, and the client of the card derived from it (marked up 20%, rounded to 0.50).
  BOOST_TEST((seen[r1] == std::pair<std::string, std::string>{"10.00", "20.00"}));
  BOOST_TEST((seen[r2] == std::pair<std::string, std::string>{"10.00", "20.00"}));
  BOOST_TEST((seen[u] == std::pair<std::string, std::string>{"12.00", "24.00"}));
  // Nothing changed: no next price yet.
  BOOST_TEST(
      Item(admin.Call("ratecard.price", "plid=" + base), "account").child_value("next_price") ==
      std::string());
  // The change then does what the preview said.
  BOOST_REQUIRE(IsOk(admin.Call("ratecard.price.edit", change)));
  BOOST_TEST(
      Item(admin.Call("ratecard.price", "plid=" + base), "account").child_value("next_price") ==
      std::string("20.00"));
  // A reseller previews only its own cards.
  BOOST_TEST(ErrorType(reseller.Call("ratecard.price.edit",
                                     "sok=ok&plid=" + base + "&elid=account&price=1&preview=on")) ==
             "missed");
}

BOOST_AUTO_TEST_CASE(the_forms_say_what_an_account_or_a_service_will_cost) {
  const As admin = As::Admin();
  const std::string top = Unique("topv");
  MakeCard(admin, top, {{"account", "30"}, {"service:cdn", "5"}});
  const std::string r = Unique("rpv");
  MakeReseller(r, "may_resell=on&ratecard=" + top);
  const As reseller = As::Login(r, kPassword);
  BOOST_TEST(IsOk(reseller.Call("preset.edit", "sok=ok&name=big&limit_quota=4096")));
  BOOST_TEST(
      IsOk(reseller.Call("ratecard.edit", "sok=ok&name=retail&derive=on&markup=50&default=on")));
  BOOST_TEST(
      IsOk(reseller.Call("ratecard.price.edit", "sok=ok&plid=retail&item=plan:big&price=80")));
  const auto figures = [](const pugi::xml_document& form) {
    return std::string(form.child("doc").child_value("cost_month")) + " " +
           form.child("doc").child_value("price_month");
  };

  // A new user: at the default card, without a template, then with one, then at no card.
  const pugi::xml_document blank = reseller.Call("user.edit");
  BOOST_TEST(figures(blank) == "30.00 45.00");
  BOOST_TEST(blank.child("doc").child_value("price_preview") ==
             std::string("Costs 30.00 USD at the provider card; card «retail» charges the client "
                         "45.00 USD"));
  BOOST_TEST(figures(reseller.Call("user.edit", "preset=big")) == "30.00 80.00");
  const pugi::xml_document none = reseller.Call("user.edit", "ratecard=");
  BOOST_TEST(figures(none) == "30.00 ");
  BOOST_TEST(std::string(none.child("doc").child_value("price_preview"))
                 .ends_with("no rate card for the client"));
  const pugi::xml_document ru = reseller.Call("user.edit", "lang=ru");
  BOOST_TEST(
      std::string(ru.child("doc").child_value("price_preview")).starts_with("Стоит 30.00 USD"));

  // An existing user on the template: its card and template.
  const std::string u = Unique("upv");
  MakeUser(reseller, u, "preset=big");
  BOOST_TEST(figures(reseller.Call("user.edit", "elid=" + u)) == "30.00 80.00");
  // A service for it.
  BOOST_TEST(figures(reseller.Call("client.service.edit", "plid=" + u + "&elid=cdn")) ==
             "5.00 7.50");
  // A sub-reseller: its provider card does not price reseller accounts.
  const pugi::xml_document sub = reseller.Call("reseller.edit");
  BOOST_TEST(figures(sub) == " ");
  BOOST_TEST(sub.child("doc").child_value("price_preview") ==
             std::string("Not priced at the provider card; card «retail» does not price it"));
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
}

BOOST_AUTO_TEST_SUITE_END()
