// Every login path of API.md "Authentication" over real HTTP, with expiry, logout, keys,
// throttling, CSRF and the audit rows they leave.

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "http/http_fixture.h"

using namespace resellermgr::testing;

namespace {

std::string Admin() { return TestEnv("ADMIN_LOGIN"); }
std::string AdminPassword() { return TestEnv("ADMIN_PASSWORD"); }

// The session cookie "name=value" from a reply's Set-Cookie headers.
std::string SessionCookieOf(const HttpResponse& response) {
  for (const std::string& cookie : response.set_cookies) {
    if (cookie.rfind("resellermgr_ses=", 0) == 0) return cookie.substr(0, cookie.find(';'));
  }
  return {};
}

std::string ErrorObject(const HttpResponse& response) {
  return ErrorOf(response.Xml()).attribute("object").value();
}

void Sleep(double seconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(seconds * 1000)));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(auth)

BOOST_AUTO_TEST_CASE(authinfo_logs_in_per_request_and_bad_passwords_are_auth_errors) {
  BOOST_TEST(HttpGet(Url(AdminAuthinfo() + "&func=whoami")).Xml().child("doc").child("user"));
  HttpResponse bad =
      HttpGet(Url("authinfo=" + Admin() + ":wrong&func=whoami"), {.source_ip = "127.0.0.11"});
  pugi::xml_document doc = bad.Xml();
  BOOST_TEST(ErrorOf(doc).attribute("type").value() == std::string("auth"));
  BOOST_TEST(ErrorOf(doc).attribute("object").value() == std::string("badpassword"));
  BOOST_TEST(ErrorObject(HttpGet(Url("authinfo=nocolon&func=whoami"),
                                 {.source_ip = "127.0.0.11"})) == "badpassword");
  BOOST_TEST(ErrorObject(HttpGet(Url("authinfo=ghost:x&func=whoami"),
                                 {.source_ip = "127.0.0.11"})) == "badpassword");
  BOOST_TEST(AuditRows("whoami", "ghost", "badpassword") >= 1);
}

BOOST_AUTO_TEST_CASE(func_auth_returns_the_session_in_attribute_and_text_and_a_safe_cookie) {
  HttpResponse login = HttpGet(
      Url("out=xml&func=auth&username=" + Admin() + "&password=" + UrlEncode(AdminPassword())));
  pugi::xml_document doc = login.Xml();
  pugi::xml_node auth = doc.child("doc").child("auth");
  const std::string id = auth.attribute("id").value();
  BOOST_TEST(id.size() == 64u);
  BOOST_TEST(auth.child_value() == id);
  BOOST_TEST(auth.attribute("level").as_int() == 29);
  BOOST_REQUIRE(!login.set_cookies.empty());
  const std::string& cookie = login.set_cookies.front();
  BOOST_TEST(cookie.find("HttpOnly") != std::string::npos);
  BOOST_TEST(cookie.find("SameSite=Lax") != std::string::npos);
  BOOST_TEST(login.body.find(AdminPassword()) == std::string::npos);

  pugi::xml_document who = HttpGet(Url("auth=" + id + "&func=whoami")).Xml();
  BOOST_TEST(who.child("doc").child("user").attribute("name").value() == Admin());
  BOOST_TEST(!who.child("doc").child("csrf"));  // only cookie sessions need it
  BOOST_TEST(AuditRows("auth", Admin(), "ok") >= 1);
}

BOOST_AUTO_TEST_CASE(logout_ends_the_session) {
  const std::string id = LogIn(TestEnv("BASE_URL"), Admin(), AdminPassword());
  BOOST_TEST(HttpGet(Url("auth=" + id + "&func=session.delete")).Xml().child("doc").child("ok"));
  HttpResponse after = HttpGet(Url("auth=" + id + "&func=whoami"));
  BOOST_TEST(ErrorOf(after.Xml()).attribute("type").value() == std::string("auth"));
  BOOST_TEST(ErrorObject(after) == "session");
  BOOST_TEST(AuditRows("session.delete", Admin(), "ok") >= 1);
}

BOOST_AUTO_TEST_CASE(cookie_sessions_need_the_csrf_token_for_changes) {
  HttpResponse login =
      HttpPost(Url("func=auth"), "username=" + Admin() + "&password=" + UrlEncode(AdminPassword()));
  const std::string cookie = SessionCookieOf(login);
  BOOST_REQUIRE(!cookie.empty());
  pugi::xml_document who = HttpGet(Url("func=whoami"), {.cookie = cookie}).Xml();
  BOOST_TEST(who.child("doc").child("user").attribute("name").value() == Admin());
  const std::string csrf = who.child("doc").child_value("csrf");
  BOOST_TEST(csrf.size() == 64u);

  // A forged cross-site POST carries the cookie but not the token.
  HttpResponse forged =
      HttpPost(Url("func=session.newkey"), "username=" + Admin() + "&key=forged-key-0123456789",
               {.cookie = cookie});
  BOOST_TEST(ErrorOf(forged.Xml()).attribute("type").value() == std::string("access"));
  BOOST_TEST(ErrorObject(forged) == "csrf");
  BOOST_TEST(ErrorObject(HttpPost(Url("func=session.delete"), "csrf=" + std::string(64, '0'),
                                  {.cookie = cookie})) == "csrf");

  BOOST_TEST(HttpPost(Url("func=session.delete"), "csrf=" + csrf, {.cookie = cookie})
                 .Xml()
                 .child("doc")
                 .child("ok"));
  BOOST_TEST(ErrorObject(HttpGet(Url("func=whoami"), {.cookie = cookie})) == "session");
}

BOOST_AUTO_TEST_CASE(key_login_works_once_from_a_browser_and_from_the_api) {
  const std::string key =
      "k3y-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  EnsureLogin("keyuser", "keyuser-password", 16);
  BOOST_TEST(HttpGet(Url(AdminAuthinfo() + "&func=session.newkey&username=keyuser&key=" + key))
                 .Xml()
                 .child("doc")
                 .child("ok"));
  BOOST_TEST(AuditRows("session.newkey", "keyuser", "ok") >= 1);

  // A browser GET without out= lands logged in: the reply sets the session cookie.
  HttpResponse browser = HttpGet(Url("func=auth&username=keyuser&key=" + key + "&checkcookie=no"));
  const std::string cookie = SessionCookieOf(browser);
  BOOST_REQUIRE(!cookie.empty());
  BOOST_TEST(HttpGet(Url("func=whoami"), {.cookie = cookie})
                 .Xml()
                 .child("doc")
                 .child("user")
                 .attribute("name")
                 .value() == std::string("keyuser"));

  // Single use.
  HttpResponse again = HttpPost(Url("func=auth"), "username=keyuser&key=" + key + "&checkcookie=no",
                                {.source_ip = "127.0.0.12"});
  BOOST_TEST(ErrorOf(again.Xml()).attribute("type").value() == std::string("auth"));
  BOOST_TEST(ErrorObject(again) == "key");
}

BOOST_AUTO_TEST_CASE(keys_must_be_16_to_64_characters_and_name_a_known_login) {
  BOOST_TEST(ErrorObject(HttpGet(Url(AdminAuthinfo() + "&func=session.newkey&username=" + Admin() +
                                     "&key=short"))) == "key");
  BOOST_TEST(ErrorObject(HttpGet(Url(AdminAuthinfo() + "&func=session.newkey&username=" + Admin() +
                                     "&key=" + std::string(65, 'k')))) == "key");
  pugi::xml_document missing =
      HttpGet(Url(AdminAuthinfo() +
                  "&func=session.newkey&username=nosuchlogin&key=" + std::string(20, 'k')))
          .Xml();
  BOOST_TEST(ErrorOf(missing).attribute("type").value() == std::string("missed"));
}

BOOST_AUTO_TEST_CASE(sessions_and_keys_expire) {
  // The second resellermgr of the stack runs with a 2 s idle timeout, a 6 s lifetime and 2 s keys.
  const std::string id = LogIn(TestEnv("SHORT_URL"), Admin(), AdminPassword());
  BOOST_TEST(HttpGet(ShortUrl("auth=" + id + "&func=whoami")).Xml().child("doc").child("user"));
  Sleep(2.5);
  BOOST_TEST(ErrorObject(HttpGet(ShortUrl("auth=" + id + "&func=whoami"))) == "session");

  // Activity keeps a session alive past the idle timeout, but not past its lifetime.
  const std::string busy = LogIn(TestEnv("SHORT_URL"), Admin(), AdminPassword());
  for (int i = 0; i < 4; ++i) {
    Sleep(1.0);
    BOOST_TEST(HttpGet(ShortUrl("auth=" + busy + "&func=whoami")).Xml().child("doc").child("user"),
               "second " << i);
  }
  Sleep(2.5);
  BOOST_TEST(ErrorObject(HttpGet(ShortUrl("auth=" + busy + "&func=whoami"))) == "session");

  const std::string key = "expiring-key-0123456789";
  BOOST_TEST(HttpGet(ShortUrl(AdminAuthinfo() + "&func=session.newkey&username=" + Admin() +
                              "&key=" + key))
                 .Xml()
                 .child("doc")
                 .child("ok"));
  Sleep(2.5);
  BOOST_TEST(ErrorObject(HttpGet(ShortUrl("func=auth&username=" + Admin() + "&key=" + key),
                                 {.source_ip = "127.0.0.13"})) == "key");
}

BOOST_AUTO_TEST_CASE(failed_logins_are_throttled_per_login) {
  EnsureLogin("throttled", "throttled-password", 16);
  for (int i = 0; i < 5; ++i) {
    BOOST_TEST(ErrorObject(HttpGet(Url("func=auth&username=throttled&password=bad"),
                                   {.source_ip = "127.0.0.21"})) == "badpassword");
  }
  // Even the right password is refused now, from any address.
  HttpResponse locked = HttpGet(Url("func=auth&username=throttled&password=throttled-password"),
                                {.source_ip = "127.0.0.22"});
  BOOST_TEST(ErrorOf(locked.Xml()).attribute("type").value() == std::string("auth"));
  BOOST_TEST(ErrorObject(locked) == "throttled");
  BOOST_TEST(AuditRows("auth", "throttled", "throttled") >= 1);
  BOOST_TEST(AuditRows("auth", "throttled", "badpassword") == 5);
}

BOOST_AUTO_TEST_CASE(failed_logins_are_throttled_per_address) {
  for (int i = 0; i < 10; ++i) {
    HttpGet(Url("func=auth&username=spray" + std::to_string(i) + "&password=bad"),
            {.source_ip = "127.0.0.31"});
  }
  const std::string good =
      "func=auth&username=" + Admin() + "&password=" + UrlEncode(AdminPassword());
  BOOST_TEST(ErrorObject(HttpGet(Url(good), {.source_ip = "127.0.0.31"})) == "throttled");
  // The same login from another address is not affected.
  BOOST_TEST(HttpGet(Url(good), {.source_ip = "127.0.0.32"}).Xml().child("doc").child("auth"));
}

BOOST_AUTO_TEST_CASE(secrets_never_reach_the_logs_or_the_audit_log) {
  LogIn(TestEnv("BASE_URL"), Admin(), AdminPassword());
  HttpGet(Url("authinfo=" + Admin() + ":not-the-password-xyz&func=whoami"),
          {.source_ip = "127.0.0.14"});
  std::ifstream log(TestEnv("STACK_DIR") + "/app.log");
  std::stringstream text;
  text << log.rdbuf();
  BOOST_TEST(text.str().find(AdminPassword()) == std::string::npos);
  BOOST_TEST(text.str().find("not-the-password-xyz") == std::string::npos);
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::Statement> statement(db->createStatement());
  std::unique_ptr<sql::ResultSet> rows(
      statement->executeQuery("SELECT COUNT(*) FROM audit_log WHERE params LIKE "
                              "'%not-the-password%' OR target LIKE '%not-the-password%'"));
  rows->next();
  BOOST_TEST(rows->getInt(1) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
