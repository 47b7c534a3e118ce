// reseller.message and the support center; reseller.access enforced by the dispatcher.

#include <boost/test/unit_test.hpp>

#include "http/api.h"

using namespace resellermgr::testing;

BOOST_AUTO_TEST_SUITE(tickets)

BOOST_AUTO_TEST_CASE(an_admin_message_becomes_a_ticket_the_reseller_answers_and_closes) {
  const std::string r = Unique("rtk");
  const std::string other = Unique("rtk");
  MakeReseller(r);
  MakeReseller(other);
  pugi::xml_document form = As::Admin().Call("reseller.message", "elid=" + r);
  BOOST_TEST(form.child("doc")
                 .find_child_by_attribute("slist", "name", "priority")
                 .find_child_by_attribute("msg", "key", "high"));

  pugi::xml_document sent = As::Admin().Call(
      "reseller.message",
      "sok=ok&elid=" + r +
          "&subject=Maintenance&priority=high&category=notice&text=Tonight+at+2%3A00");
  BOOST_REQUIRE(IsOk(sent));
  const std::string id = sent.child("doc").child_value("id");

  const As reseller = As::Login(r, kPassword);
  pugi::xml_document list = reseller.Call("ticket");
  bool seen = false;
  for (pugi::xml_node elem : list.child("doc").children("elem")) {
    if (elem.child_value("id") == id) {
      seen = true;
      BOOST_TEST(elem.child_value("subject") == std::string("Maintenance"));
      BOOST_TEST(elem.child_value("priority") == std::string("high"));
      BOOST_TEST(elem.child_value("status") == std::string("open"));
    }
  }
  BOOST_TEST(seen);
  BOOST_TEST(ErrorType(As::Login(other, kPassword).Call("ticket.edit", "elid=" + id)) == "missed");
  BOOST_TEST(!As::Login(other, kPassword).Call("ticket").child("doc").child("elem"));

  BOOST_TEST(IsOk(reseller.Call("ticket.edit", "sok=ok&elid=" + id + "&text=Thanks")));
  pugi::xml_document thread = As::Admin().Call("ticket.edit", "elid=" + id);
  BOOST_TEST(thread.child("doc").child_value("status") == std::string("answered"));
  std::vector<std::string> texts;
  for (pugi::xml_node m : thread.child("doc").children("message"))
    texts.push_back(m.child_value("text"));
  BOOST_TEST(texts == (std::vector<std::string>{"Tonight at 2:00", "Thanks"}),
             boost::test_tools::per_element());

  BOOST_TEST(IsOk(reseller.Call("ticket.close", "elid=" + id)));
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("ticket.edit", "sok=ok&elid=" + id + "&text=more")) ==
             "status");
  BOOST_TEST(ErrorObjectOf(As::Admin().Call(
                 "reseller.message", "sok=ok&elid=" + r + "&subject=x&text=y&priority=urgent")) ==
             "priority");
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("reseller.message", "sok=ok&elid=" + r + "&text=y")) ==
             "subject");
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("ticket.edit", "elid=abc")) == "elid");
  // A reseller writes only to its own sub-resellers: another reseller is unknown to it.
  BOOST_TEST(ErrorType(reseller.Call("reseller.message",
                                     "sok=ok&elid=" + other + "&subject=x&text=y")) == "missed");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(function_access)

BOOST_AUTO_TEST_CASE(a_denied_group_closes_its_functions_to_the_reseller_and_its_users) {
  const std::string r = Unique("rac");
  const std::string u = Unique("uac");
  MakeReseller(r);
  MakeUser(As::Login(r, kPassword), u);
  pugi::xml_document form = As::Admin().Call("reseller.access", "elid=" + r);
  BOOST_TEST(form.child("doc").child_value("users") == std::string("on"));
  BOOST_TEST(form.child("doc").child_value("mail") == std::string("on"));

  BOOST_TEST(IsOk(
      As::Admin().Call("reseller.access", "sok=ok&elid=" + r + "&users=off&tickets=off&mail=off")));
  form = As::Admin().Call("reseller.access", "elid=" + r);
  BOOST_TEST(form.child("doc").child_value("users") == std::string("off"));
  BOOST_TEST(form.child("doc").child_value("presets") == std::string("on"));

  const As reseller = As::Login(r, kPassword);
  pugi::xml_document denied = reseller.Call("user");
  BOOST_TEST(ErrorType(denied) == "access");
  BOOST_TEST(ErrorType(reseller.Call("user.su", "elid=" + u)) == "access");
  BOOST_TEST(ErrorType(As::Login(u, kPassword).Call("ticket")) ==
             "access");  // inherited by its users
  BOOST_TEST(!ErrorOf(reseller.Call("preset")));
  BOOST_TEST(!ErrorOf(reseller.Call("whoami")));
  BOOST_TEST(ErrorType(As::Admin().Call("user", "su=" + r)) ==
             "access");  // the admin acting as it too

  BOOST_TEST(IsOk(As::Admin().Call("reseller.access", "sok=ok&elid=" + r + "&users=on")));
  BOOST_TEST(!ErrorOf(reseller.Call("user")));
  BOOST_TEST(ErrorType(reseller.Call("ticket")) == "access");  // still denied
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("reseller.access",
                                            "sok=ok&elid=" + r + "&users=maybe")) == "users");
  BOOST_TEST(ErrorType(As::Admin().Call("reseller.access", "elid=nosuch")) == "missed");
}

BOOST_AUTO_TEST_CASE(denied_groups_reach_new_users_and_sessions_acting_as_the_reseller) {
  const std::string r = Unique("rad");
  MakeReseller(r);
  BOOST_TEST_REQUIRE(
      IsOk(As::Admin().Call("reseller.access", "sok=ok&elid=" + r + "&tickets=off")));
  // A user created after the change inherits it.
  const std::string u = Unique("uad");
  MakeUser(As::Login(r, kPassword), u);
  BOOST_TEST(ErrorType(As::Login(u, kPassword).Call("ticket")) == "access");
  // An admin session switched into the reseller is held to the reseller's groups.
  const As admin =
      As::Session(LogIn(TestEnv("BASE_URL"), TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD")));
  BOOST_TEST(!ErrorOf(admin.Call("ticket")));
  BOOST_TEST_REQUIRE(IsOk(admin.Call("su", "elid=" + r)));
  BOOST_TEST(ErrorType(admin.Call("ticket")) == "access");
  BOOST_TEST(IsOk(admin.Call("su.back")));
  // Lifting it frees the reseller and every user at once.
  BOOST_TEST_REQUIRE(IsOk(As::Admin().Call("reseller.access", "sok=ok&elid=" + r + "&tickets=on")));
  BOOST_TEST(!ErrorOf(As::Login(u, kPassword).Call("ticket")));
  BOOST_TEST(!ErrorOf(As::Login(r, kPassword).Call("ticket")));
}

BOOST_AUTO_TEST_SUITE_END()
