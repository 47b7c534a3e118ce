// Issue 27: one password strength rule (libpwquality, util/password_quality.h) for every function
// that sets a password, for API callers with an error naming what is weak, and as
// password.strength / password.generate for the panel's meter and generator.

#include "http/organisation.h"

using namespace resellermgr::testing;

BOOST_AUTO_TEST_SUITE(password_strength)

BOOST_AUTO_TEST_CASE(weak_passwords_are_refused_everywhere_with_what_is_weak) {
  const std::string name = Unique("pw");
  // A dictionary word, the login's own name, too simple: each says so, and nothing is made.
  const auto refused =
      As::Admin().Call("reseller.edit", "sok=ok&name=" + name + "&passwd=password1");
  BOOST_TEST(ErrorObjectOf(refused) == "passwd");
  BOOST_TEST(Detail(refused).find("dictionary") != std::string::npos);
  BOOST_TEST(
      Detail(As::Admin().Call("reseller.edit", "sok=ok&name=" + name + "&passwd=" + name + "99"))
          .find("user name") != std::string::npos);
  BOOST_TEST(Detail(As::Admin().Call("reseller.edit", "sok=ok&name=" + name + "&passwd=12345678"))
                 .find("simplistic") != std::string::npos);
  BOOST_TEST(ErrorOf(As::Admin().Call("reseller.edit", "elid=" + name)));
  // The same rule when a login changes its own password and when a company adds a login.
  const Company c;
  BOOST_TEST(Detail(c.owner.Call("usrparam", "sok=ok&oldpasswd=" + std::string(kPassword) +
                                                 "&passwd=qwertyuiop&confirm=qwertyuiop"))
                 .find("weak") != std::string::npos);
  BOOST_TEST(ErrorObjectOf(c.owner.Call(
                 "login.edit", "sok=ok&name=" + Unique("st") + "&passwd=abcdefgh1")) == "passwd");
  BOOST_TEST(c.owner.Call("whoami").child("doc").child("user"));  // its password is unchanged
  // A strong one is taken.
  BOOST_TEST(
      IsOk(As::Admin().Call("reseller.edit", "sok=ok&name=" + name + "&passwd=Lime-tree-71")));
}

BOOST_AUTO_TEST_CASE(strength_and_generate_answer_without_a_login_and_keep_nothing) {
  const pugi::xml_document weak =
      HttpPost(Url("func=password.strength&out=xml"), "passwd=password1").Xml();
  const pugi::xml_node strength = weak.child("doc").child("strength");
  BOOST_TEST(std::string(strength.attribute("acceptable").value()) == "off");
  BOOST_TEST(std::string(strength.child_value()).find("dictionary") != std::string::npos);
  // The password is never echoed back.
  BOOST_TEST(
      HttpPost(Url("func=password.strength&out=xml"), "passwd=password1").body.find("password1") ==
      std::string::npos);
  const pugi::xml_document strong_reply =
      HttpPost(Url("func=password.strength&out=xml"), "passwd=Lime-tree-71").Xml();
  const pugi::xml_node strong = strong_reply.child("doc").child("strength");
  BOOST_TEST(std::string(strong.attribute("acceptable").value()) == "on");
  BOOST_TEST(strong.attribute("score").as_int() > 0);

  const std::string one =
      HttpGet(Url("func=password.generate&out=xml")).Xml().child("doc").child_value("password");
  const std::string two =
      HttpGet(Url("func=password.generate&out=xml")).Xml().child("doc").child_value("password");
  BOOST_TEST(one.size() >= 12u);
  BOOST_TEST(one != two);
  const pugi::xml_document rated_reply =
      HttpPost(Url("func=password.strength&out=xml"), "passwd=" + UrlEncode(one)).Xml();
  const pugi::xml_node rated = rated_reply.child("doc").child("strength");
  BOOST_TEST(std::string(rated.attribute("acceptable").value()) == "on");
}

BOOST_AUTO_TEST_SUITE_END()
