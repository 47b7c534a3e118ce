// Password reset by e-mail (issue 12 item 6) over the real stack: the link arrives at the
// login's address (read from the loopback SMTP server), works once, ends the login's sessions,
// tells nobody which names exist, and requests are throttled without locking the login.

#include <boost/test/unit_test.hpp>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/mail.h"

using namespace resellermgr::testing;

namespace {

// The token in the link of the newest mail to `to`.
std::string LinkMailedTo(const std::string& to) {
  const std::vector<Received> mails = MailTo(to, "");
  if (mails.empty()) return {};
  const std::string marker = "func=password.reset.finish&token=";
  const auto start = mails.back().body.find(marker);
  return start == std::string::npos ? std::string()
                                    : mails.back().body.substr(start + marker.size(), 64);
}

HttpResponse Post(const std::string& body, const std::string& ip) {
  HttpOptions options;
  options.content_type = "application/x-www-form-urlencoded";
  options.source_ip = ip;
  return HttpPost(TestEnv("BASE_URL") + "/ispmgr", body, options);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(password_reset)

BOOST_AUTO_TEST_CASE(a_mailed_link_sets_a_new_password_once) {
  const std::string r = Unique("pr"), address = r + "@reset.test";
  MakeReseller(r, "email=" + UrlEncode(address));
  const std::string old_session = LogIn(TestEnv("BASE_URL"), r, kPassword);
  // Asked for: the reply says nothing about the name; a mail with a link goes to the address.
  const auto asked = Post("func=password.reset&sok=ok&username=" + r, "127.0.0.61").Xml();
  BOOST_TEST(IsOk(asked));
  const std::string token = LinkMailedTo(address);
  BOOST_TEST_REQUIRE(token.size() == 64u);
  BOOST_TEST(
      IsOk(Post("func=password.reset&sok=ok&username=" + Unique("nobody"), "127.0.0.61").Xml()));

  // A short or mismatched password keeps the token for another try; then it works, once.
  BOOST_TEST(ErrorObjectOf(Post("func=password.reset.finish&sok=ok&token=" + token +
                                    "&passwd=short&confirm=short",
                                "127.0.0.61")
                               .Xml()) == "passwd");
  BOOST_TEST(IsOk(Post("func=password.reset.finish&sok=ok&token=" + token +
                           "&passwd=brand-new-pass-1&confirm=brand-new-pass-1",
                       "127.0.0.61")
                      .Xml()));
  const auto again = Post("func=password.reset.finish&sok=ok&token=" + token +
                              "&passwd=another-pass-12&confirm=another-pass-12",
                          "127.0.0.61")
                         .Xml();
  BOOST_TEST(ErrorType(again) == "auth");
  BOOST_TEST(ErrorObjectOf(again) == "reset_token");
  // The new password works, the old one and the old session do not.
  BOOST_TEST(!ErrorOf(As::Login(r, "brand-new-pass-1").Call("whoami")));
  BOOST_TEST(ErrorType(HttpGet(Url("authinfo=" + r + ":" + kPassword + "&func=whoami"),
                               {.source_ip = "127.0.0.62"})
                           .Xml()) == "auth");
  BOOST_TEST(ErrorType(As::Session(old_session).Call("whoami")) == "auth");
  // A made-up token is refused like a used one.
  BOOST_TEST(ErrorObjectOf(Post("func=password.reset.finish&sok=ok&token=" + std::string(64, 'a') +
                                    "&passwd=brand-new-pass-2&confirm=brand-new-pass-2",
                                "127.0.0.61")
                               .Xml()) == "reset_token");
}

BOOST_AUTO_TEST_CASE(requests_are_throttled_without_locking_the_login) {
  const std::string r = Unique("pt");
  MakeReseller(r, "email=" + r + "%40reset.test");
  std::string last;
  for (int i = 0; i < 8; ++i)
    last = ErrorObjectOf(Post("func=password.reset&sok=ok&username=" + r, "127.0.0.63").Xml());
  BOOST_TEST(last == "throttled");
  // The login itself still logs in.
  BOOST_TEST(!ErrorOf(As::Login(r, kPassword).Call("whoami")));
}

BOOST_AUTO_TEST_SUITE_END()
