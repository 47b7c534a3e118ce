// Password reset by e-mail (issue 12 item 6) over the real stack: the link arrives at the
// login's address (read from the loopback SMTP server), works once, ends the login's sessions,
// tells nobody which names exist, and requests are throttled without locking the login.

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "http/api.h"
#include "http/http_fixture.h"

using namespace resellermgr::testing;

namespace {

// The link in the newest mail to `to` (the body is base64 in the message as sent).
std::string LinkMailedTo(const std::string& to) {
  for (int i = 0; i < 150; ++i) {
    std::string newest;
    for (const auto& entry : std::filesystem::directory_iterator(TestEnv("SMTP_DIR"))) {
      if (entry.path().extension() != ".eml") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
      if (text.find("X-Envelope-To: " + to + "\r\n") != std::string::npos &&
          entry.path().string() > newest)
        newest = entry.path().string();
    }
    if (!newest.empty()) {
      std::ifstream in(newest, std::ios::binary);
      std::string line, body;
      bool in_body = false;
      while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (in_body) body += line;
        if (line.empty()) in_body = true;
      }
      const std::string decoded = [&] {
        std::string out(body.size(), '\0');
        static const std::string kAlphabet =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        std::size_t n = 0;
        int bits = 0, value = 0;
        for (char c : body) {
          const auto pos = kAlphabet.find(c);
          if (pos == std::string::npos) continue;
          value = (value << 6) | static_cast<int>(pos);
          bits += 6;
          if (bits >= 8) {
            bits -= 8;
            out[n++] = static_cast<char>((value >> bits) & 0xff);
          }
        }
        out.resize(n);
        return out;
      }();
      const auto start = decoded.find("func=password.reset.finish&token=");
      if (start != std::string::npos) {
        const auto token = start + std::string("func=password.reset.finish&token=").size();
        return decoded.substr(token, 64);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return {};
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
