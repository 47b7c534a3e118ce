// The reseller's own client account (issue 12 item 3) over the real stack: made with the
// reseller, in its transaction; not one of its users; never deleted, suspended or moved alone;
// gone with its reseller.

#include <boost/test/unit_test.hpp>

#include "http/api.h"
#include "http/http_fixture.h"

using namespace resellermgr::testing;

BOOST_AUTO_TEST_SUITE(own_client)

BOOST_AUTO_TEST_CASE(made_with_the_reseller_and_gone_with_it_never_alone) {
  const std::string r = Unique("oc"), own = r + "-own";
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.edit",
                                      "sok=ok&name=" + r + "&passwd=" + kPassword + "&email=" + r +
                                          "%40own.test&company=Own%20Co&limit_users=1")));
  const As reseller = As::Login(r, kPassword);
  // No row of its user list (issue 20), but reachable by name.
  BOOST_TEST(!FindRow(reseller.Call("user"), own));
  const pugi::xml_document users = reseller.Call("user", "elid=" + own);
  const pugi::xml_node row = FindRow(users, own);
  BOOST_TEST_REQUIRE(static_cast<bool>(row));
  const pugi::xml_document edit = reseller.Call("user.edit", "elid=" + own);
  const pugi::xml_node form = edit.child("doc");
  BOOST_TEST(form.child_value("email") == r + "@own.test");
  BOOST_TEST(form.child_value("company") == std::string("Own Co"));
  BOOST_TEST(form.child_value("own_client") == std::string("on"));
  // Not one of its users: the limit of one user still leaves room for one.
  BOOST_TEST(FindRow(As::Admin().Call("reseller"), r).child_value("users") == std::string("0 / 1"));
  const std::string u = Unique("ou");
  BOOST_TEST(IsOk(reseller.Call("user.edit", "sok=ok&name=" + u + "&passwd=" + kPassword)));
  // It carries the reseller's own services, as any client.
  BOOST_TEST(
      IsOk(reseller.Call("client.service.status", "elid=" + own + "&service=cdn&status=active")));

  // Never alone: not deleted, suspended or moved.
  for (const auto& [func, query] : std::vector<std::pair<std::string, std::string>>{
           {"user.delete", "elid=" + own},
           {"user.suspend", "elid=" + own},
           {"user.suspend", "elid=" + UrlEncode(u + ", " + own)}}) {
    const auto refused = reseller.Call(func, query);
    BOOST_TEST(ErrorType(refused) == "access", func);
    BOOST_TEST(ErrorObjectOf(refused) == "own_client", func);
  }
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("user.move", "sok=ok&elid=" + own + "&owner=admin")) ==
             "own_client");
  BOOST_TEST(FindRow(reseller.Call("user"), u).child_value("active") == std::string("on"));
  // With its reseller: suspended and resumed.
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.suspend", "elid=" + r)));
  BOOST_TEST(FindRow(As::Admin().Call("user", "elid=" + own), own).child_value("active") ==
             std::string("off"));
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.resume", "elid=" + r)));
  BOOST_TEST(FindRow(As::Admin().Call("user", "elid=" + own), own).child_value("active") ==
             std::string("on"));
  // Deleted with it: the reseller's real user makes cascade necessary, the own account never does.
  BOOST_REQUIRE(IsOk(reseller.Call("user.delete", "elid=" + u)));
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.delete", "elid=" + r)));
  BOOST_TEST(ErrorType(As::Admin().Call("user.edit", "elid=" + own)) == "missed");
}

BOOST_AUTO_TEST_SUITE_END()
