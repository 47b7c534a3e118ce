// White label (issue 12 item 1) over the real stack: the admin allows a brand, the reseller sets
// it, and pages wear it: on the brand's domain before login, for the reseller's clients after.
// Another reseller's clients and the host's own never see it; hostile, oversized and wrongly
// typed uploads and colours are refused with nothing stored.

#include <boost/test/unit_test.hpp>
#include <string>
#include <utility>
#include <vector>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/multipart.h"
#include "support/images.h"

using namespace resellermgr::testing;

namespace {

const std::string kSvg =
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>";

// A brand form with files.
HttpResponse PostForm(const std::vector<Part>& parts) { return PostMultipart(parts); }

HttpResponse Page(const std::string& query, const std::string& host = {}) {
  HttpOptions options;
  options.accept = "text/html,application/xhtml+xml";
  if (!host.empty()) options.headers.push_back("Host: " + host);
  return HttpGet(Url(query), options);
}

struct Branded {
  std::string r = Unique("br"), u = Unique("bu"), domain = Unique("panel") + ".brand.test";
  As reseller = As::Login(r, kPassword);
  Branded() {
    MakeReseller(r);
    MakeUser(reseller, u);
    BOOST_REQUIRE(IsOk(As::Admin().Call("brand.edit", "sok=ok&elid=" + r + "&allowed=on")));
  }
  std::vector<Part> Auth() const {
    return {{"authinfo", r + ":" + kPassword}, {"func", "brand.edit"}, {"sok", "ok"}};
  }
};

pugi::xml_document Brand(const As& as) { return as.Call("brand.edit"); }

}  // namespace

BOOST_AUTO_TEST_SUITE(branding)

BOOST_AUTO_TEST_CASE(the_admin_allows_and_the_reseller_brands_its_clients_pages) {
  const std::string r = Unique("bn"), u = Unique("bc");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  MakeUser(reseller, u);
  // Not allowed yet: refused, and the reseller cannot allow itself.
  BOOST_TEST(ErrorType(reseller.Call("brand.edit", "sok=ok&brand_name=Mine")) == "access");
  BOOST_TEST(ErrorType(reseller.Call("brand.edit", "sok=ok&allowed=on&brand_name=Mine")) ==
             "access");
  BOOST_REQUIRE(IsOk(As::Admin().Call("brand.edit", "sok=ok&elid=" + r + "&allowed=on")));
  const std::string domain = Unique("login") + ".brand.test";
  auto parts = std::vector<Part>{{"authinfo", r + ":" + kPassword},
                                 {"func", "brand.edit"},
                                 {"sok", "ok"},
                                 {"brand_name", "Ромашка <Host>"},
                                 {"primary_color", "#0F3460"},
                                 {"accent_color", "#e94560"},
                                 {"domain", domain},
                                 {"logo", kPng, "logo.png", "image/png"},
                                 {"favicon", kIco, "favicon.ico", "image/x-icon"}};
  const HttpResponse saved = PostForm(parts);
  BOOST_TEST_REQUIRE(IsOk(saved.Xml()), saved.body);
  const auto shown = Brand(reseller);
  BOOST_TEST(shown.child("doc").child_value("primary_color") == std::string("#0f3460"));
  BOOST_TEST(shown.child("doc").child_value("has_logo") == std::string("on"));
  BOOST_TEST(shown.child("doc").child_value("has_favicon") == std::string("on"));
  const std::string key = shown.child("doc").child_value("public_key");

  // Before login, the brand's domain gets the branded login page (the name escaped as text).
  const HttpResponse login = Page("", domain);
  BOOST_TEST(login.body.find("Log in · Ромашка &lt;Host&gt;</title>") != std::string::npos,
             login.body);
  BOOST_TEST(login.body.find("func=brand.logo&amp;elid=" + key) != std::string::npos);
  BOOST_TEST(login.body.find("<Host>") == std::string::npos);
  // Another host name gets the host's own look.
  BOOST_TEST(Page("").body.find("Log in · resellermgr</title>") != std::string::npos);
  // The reseller's client sees the brand after login, wherever it came from.
  const HttpResponse client = Page(As::Login(u, kPassword).credentials + "&func=client.service");
  BOOST_TEST(client.body.find("Ромашка &lt;Host&gt;</title>") != std::string::npos, client.body);
  BOOST_TEST(client.body.find("func=brand.css&amp;elid=" + key) != std::string::npos);

  // Another reseller's client, and the admin, never see it, not even on its domain.
  const std::string other = Unique("bo"), other_user = Unique("bv");
  MakeReseller(other);
  MakeUser(As::Login(other, kPassword), other_user);
  for (const std::string& credentials :
       {As::Login(other_user, kPassword).credentials, As::Admin().credentials}) {
    const HttpResponse page = Page(credentials + "&func=client.service", domain);
    BOOST_TEST(page.body.find("Ромашка") == std::string::npos);
    BOOST_TEST(page.body.find(key) == std::string::npos);
  }

  // The public files: the stylesheet holds only the checked colours; the logo is what was sent.
  const HttpResponse css = HttpGet(Url("func=brand.css&elid=" + key));
  BOOST_TEST(css.content_type == "text/css; charset=utf-8");
  BOOST_TEST(css.body == ":root { --brand: #0f3460; --accent: #e94560; }\n");
  const HttpResponse logo = HttpGet(Url("func=brand.logo&elid=" + key));
  BOOST_TEST(logo.content_type == "image/png");
  BOOST_TEST(logo.body == kPng);
  BOOST_TEST(logo.headers.at("x-content-type-options") == "nosniff");
  const HttpResponse favicon = HttpGet(Url("func=brand.favicon&elid=" + key));
  BOOST_TEST(favicon.content_type == "image/x-icon");
  BOOST_TEST(favicon.body == kIco);
  BOOST_TEST(ErrorType(HttpGet(Url("func=brand.logo&elid=nosuchkey")).Xml()) == "missed");
  // A domain is one brand's.
  Branded second;
  BOOST_TEST(ErrorType(second.reseller.Call("brand.edit", "sok=ok&domain=" + domain)) == "exists");
  BOOST_TEST(ErrorType(second.reseller.Call("brand.edit", "elid=" + r)) == "missed");
}

BOOST_AUTO_TEST_CASE(hostile_and_wrong_uploads_and_colours_are_refused_with_nothing_stored) {
  Branded b;
  BOOST_REQUIRE(
      IsOk(b.reseller.Call("brand.edit", "sok=ok&brand_name=Before&primary_color=%23111111")));
  const std::vector<std::pair<std::vector<Part>, std::string>> refused = {
      {{{"logo", kSvg, "logo.svg", "image/svg+xml"}}, "logo"},
      {{{"logo", kSvg, "logo.png", "image/png"}}, "logo"},  // the name and type lie
      {{{"logo", "just text", "logo.png", "image/png"}}, "logo"},
      {{{"logo", kPng + std::string(300 * 1024, 'x'), "big.png", "image/png"}}, "logo"},
      // a PNG's first bytes in front of markup: not a PNG
      {{{"logo", kPng.substr(0, 33) + "<html><script>alert(1)</script>", "x.png", "image/png"}},
       "logo"},
      // a real PNG header claiming 65536 pixels a side
      {{{"logo", kPng.substr(0, 16) + std::string("\0\1\0\0\0\1\0\0", 8) + kPng.substr(24),
         "huge.png", "image/png"}},
       "logo"},
      {{{"logo", std::string("\xff\xd8\xff\xe0<html>", 10), "x.jpg", "image/jpeg"}}, "logo"},
      {{{"favicon", kSvg, "icon.svg", "image/svg+xml"}}, "favicon"},
      // an ICO directory pointing past the end of the file
      {{{"favicon", kIco.substr(0, 30), "short.ico", "image/x-icon"}}, "favicon"},
      {{{"primary_color", "red"}}, "primary_color"},
      {{{"primary_color", "#12345g"}}, "primary_color"},
      {{{"accent_color", "#123456;} body { display:none"}}, "accent_color"},
      {{{"domain", "not a host"}}, "domain"},
      {{{"domain", "x.test/evil"}}, "domain"},
      {{{"brand_name", std::string(65, 'n')}}, "brand_name"},
  };
  for (const auto& [extra, field] : refused) {
    std::vector<Part> parts = b.Auth();
    parts.push_back({"brand_name", "After"});
    parts.insert(parts.end(), extra.begin(), extra.end());
    const pugi::xml_document reply = PostForm(parts).Xml();
    BOOST_TEST(ErrorObjectOf(reply) == field, field);
    const pugi::xml_document brand = Brand(b.reseller);
    const pugi::xml_node now = brand.child("doc");
    BOOST_TEST(now.child_value("brand_name") == std::string("Before"), field);
    BOOST_TEST(now.child_value("has_logo") == std::string("off"), field);
    BOOST_TEST(now.child_value("has_favicon") == std::string("off"), field);
    BOOST_TEST(now.child_value("primary_color") == std::string("#111111"), field);
  }
}

BOOST_AUTO_TEST_SUITE_END()
