// Welcome mail and mail templates (issue 27 item 1) over the real stack: mail read from the
// loopback SMTP server. A new account invited with welcome=on gets a single-use link that sets
// its password (never a password); the admin words mails for everyone, a branded reseller for
// its own clients only; a broken template is refused with its position, and values never act as
// placeholders or leave their place.

#include <boost/test/unit_test.hpp>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/mail.h"
#include "http/organisation.h"

using namespace resellermgr::testing;

namespace {

constexpr char kLinkMarker[] = "func=password.reset.finish&token=";

std::string TokenIn(const std::string& body) {
  const auto start = body.find(kLinkMarker);
  return start == std::string::npos ? std::string()
                                    : body.substr(start + sizeof kLinkMarker - 1, 64);
}

HttpResponse PostForm(const std::string& body) {
  HttpOptions options;
  options.content_type = "application/x-www-form-urlencoded";
  options.source_ip = "127.0.0.71";
  return HttpPost(TestEnv("BASE_URL") + "/ispmgr", body, options);
}

// A reseller whose branding the admin allows, with a brand name.
As BrandedReseller(const std::string& r, const std::string& brand) {
  MakeReseller(r, "email=" + r + "%40brand.test");
  BOOST_REQUIRE(IsOk(As::Admin().Call("brand.edit", "sok=ok&elid=" + r + "&allowed=on")));
  const As reseller = As::Login(r, kPassword);
  BOOST_REQUIRE(IsOk(reseller.Call("brand.edit", "sok=ok&brand_name=" + UrlEncode(brand))));
  return reseller;
}

// Whether any message to `to` has arrived (no waiting: asked after a later mail arrived).
bool AnyTo(const std::string& to) {
  for (const Received& mail : Inbox())
    if (mail.to == to) return true;
  return false;
}

std::string StateOf(const As& as, const std::string& id) {
  const pugi::xml_document list = as.Call("mail.template");
  for (pugi::xml_node row : list.child("doc").children("elem"))
    if (std::string(row.child_value("id")) == id) return row.child_value("state");
  return "(missing)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mail_templates)

BOOST_AUTO_TEST_CASE(a_welcome_mail_invites_a_new_account_with_a_link_that_sets_its_password) {
  const std::string r = Unique("wa"), address = r + "@welcome.test";
  // Invited: no password needed; the mail says who and where, and carries a one-time link.
  BOOST_REQUIRE(IsOk(As::Admin().Call(
      "reseller.edit", "sok=ok&name=" + r + "&email=" + UrlEncode(address) + "&welcome=on")));
  const std::vector<Received> mails = MailTo(address, r);
  BOOST_REQUIRE_EQUAL(mails.size(), 1u);
  BOOST_TEST(mails[0].kind == "account.welcome");
  BOOST_TEST(mails[0].subject == "Your account " + r + " is ready");
  BOOST_TEST(mails[0].body.find("Login: " + r) != std::string::npos);
  BOOST_TEST(mails[0].body.find("Panel: http://") != std::string::npos);
  const std::string token = TokenIn(mails[0].body);
  BOOST_REQUIRE_EQUAL(token.size(), 64u);
  // Nobody knows a password until the link sets one; then it works, and the link no more.
  // (From an address of its own: the throttle's per-address count is shared by every suite.)
  BOOST_TEST(ErrorType(HttpGet(Url(As::Login(r, kPassword).credentials + "&func=whoami"),
                               {.source_ip = "127.0.0.71"})
                           .Xml()) == "auth");
  BOOST_TEST(IsOk(PostForm("func=password.reset.finish&sok=ok&token=" + token +
                           "&passwd=welcome-pass-77&confirm=welcome-pass-77")
                      .Xml()));
  BOOST_TEST(!ErrorOf(As::Login(r, "welcome-pass-77").Call("whoami")));
  BOOST_TEST(ErrorObjectOf(PostForm("func=password.reset.finish&sok=ok&token=" + token +
                                    "&passwd=second-pass-77&confirm=second-pass-77")
                               .Xml()) == "reset_token");

  // A password given with the invitation is never in the mail.
  const std::string u = Unique("wu"), user_address = u + "@welcome.test";
  MakeUser(As::Login(r, "welcome-pass-77"), u,
           "email=" + UrlEncode(user_address) + "&passwd=given-pass-901&welcome=on");
  const std::vector<Received> user_mails = MailTo(user_address, u);
  BOOST_REQUIRE_EQUAL(user_mails.size(), 1u);
  BOOST_TEST(user_mails[0].body.find("given-pass-901") == std::string::npos);
  BOOST_TEST(TokenIn(user_mails[0].body).size() == 64u);

  // Without welcome=on (an API call, as ISPmanager clients make) nothing is mailed; mail goes
  // out in order, so once a later one has arrived an earlier one would have too.
  const std::string quiet = Unique("wq"), quiet_address = quiet + "@welcome.test";
  MakeReseller(quiet, "email=" + UrlEncode(quiet_address));
  const std::string later = Unique("wl"), later_address = later + "@welcome.test";
  BOOST_REQUIRE(IsOk(As::Admin().Call(
      "reseller.edit",
      "sok=ok&name=" + later + "&email=" + UrlEncode(later_address) + "&welcome=on")));
  BOOST_REQUIRE_EQUAL(MailTo(later_address, later).size(), 1u);
  BOOST_TEST(!AnyTo(quiet_address));
}

BOOST_AUTO_TEST_CASE(an_invitation_without_an_address_needs_a_password) {
  const std::string r = Unique("wn");
  // No address and no password: the password is what is missing, and nothing is created.
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("reseller.edit", "sok=ok&name=" + r + "&welcome=on")) ==
             "passwd");
  BOOST_TEST(!FindRow(As::Admin().Call("reseller"), r));
  // With a password (the panel's form ticks welcome, and the address may stay empty): created,
  // and the password logs in.
  BOOST_TEST(IsOk(As::Admin().Call(
      "reseller.edit", "sok=ok&name=" + r + "&passwd=" + std::string(kPassword) + "&welcome=on")));
  BOOST_TEST(!ErrorOf(As::Login(r, kPassword).Call("whoami")));
}

BOOST_AUTO_TEST_CASE(a_staff_login_is_welcomed_to_its_company) {
  const std::string r = Unique("ws");
  MakeReseller(r, "email=" + r + "%40staff.test");
  const std::string staff = Unique("wst"), address = staff + "@staff.test";
  BOOST_REQUIRE(IsOk(As::Login(r, kPassword)
                         .Call("login.edit", "sok=ok&name=" + staff +
                                                 "&email=" + UrlEncode(address) + "&welcome=on")));
  const std::vector<Received> mails = MailTo(address, staff);
  BOOST_REQUIRE_EQUAL(mails.size(), 1u);
  BOOST_TEST(mails[0].kind == "login.welcome");
  BOOST_TEST(mails[0].subject == "Your login " + staff + " for " + r);
  BOOST_TEST(TokenIn(mails[0].body).size() == 64u);
  // In the login's language.
  const std::string russian = Unique("wsr"), russian_address = russian + "@staff.test";
  BOOST_REQUIRE(IsOk(As::Login(r, kPassword)
                         .Call("login.edit", "sok=ok&lang=ru&name=" + russian + "&email=" +
                                                 UrlEncode(russian_address) + "&welcome=on")));
  const std::vector<Received> ru = MailTo(russian_address, russian);
  BOOST_REQUIRE_EQUAL(ru.size(), 1u);
  BOOST_TEST(ru[0].subject == "Ваш логин " + russian + " в " + r);
  BOOST_TEST(ru[0].body.find("Задайте пароль") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_branded_resellers_wording_reaches_its_clients_only) {
  const std::string r = Unique("wb"), brand = "Acme " + r;
  const As reseller = BrandedReseller(r, brand);
  BOOST_TEST(StateOf(reseller, "account.welcome:en") == "default");
  BOOST_REQUIRE(IsOk(reseller.Call(
      "mail.template.edit",
      "sok=ok&elid=account.welcome:en&subject=" + UrlEncode("Welcome to __brand__, __login__") +
          "&body=" + UrlEncode("Hello from __brand__.\nStart here: __link__\n"))));
  BOOST_TEST(StateOf(reseller, "account.welcome:en") == "own");
  BOOST_TEST(StateOf(reseller, "account.welcome:ru") == "default");
  BOOST_TEST(StateOf(As::Admin(), "account.welcome:en") == "default");

  // Its client gets its wording, under its brand.
  const std::string u = Unique("wbu"), address = u + "@client.test";
  MakeUser(reseller, u, "email=" + UrlEncode(address) + "&welcome=on");
  const std::vector<Received> mails = MailTo(address, u);
  BOOST_REQUIRE_EQUAL(mails.size(), 1u);
  BOOST_TEST(mails[0].subject == "Welcome to " + brand + ", " + u);
  BOOST_TEST(mails[0].from.find(brand) != std::string::npos);
  BOOST_TEST(TokenIn(mails[0].body).size() == 64u);

  // Another reseller's client, and the reseller's own mail, get the shipped wording.
  const std::string other = Unique("wbo"), other_user = Unique("wbou");
  MakeReseller(other);
  MakeUser(As::Login(other, kPassword), other_user,
           "email=" + other_user + "%40client.test&welcome=on");
  BOOST_TEST(MailTo(other_user + "@client.test", other_user)[0].subject ==
             "Your account " + other_user + " is ready");
  const std::string own = Unique("wbs"), own_address = own + "@brand.test";
  BOOST_REQUIRE(IsOk(reseller.Call(
      "login.edit", "sok=ok&name=" + own + "&email=" + UrlEncode(own_address) + "&welcome=on")));
  BOOST_TEST(MailTo(own_address, own)[0].subject == "Your login " + own + " for " + r);

  // Back to default: its clients get the shipped wording again.
  BOOST_TEST(IsOk(reseller.Call("mail.template.reset", "elid=account.welcome:en")));
  BOOST_TEST(StateOf(reseller, "account.welcome:en") == "default");
  const std::string u2 = Unique("wbv");
  MakeUser(reseller, u2, "email=" + u2 + "%40client.test&welcome=on");
  BOOST_TEST(MailTo(u2 + "@client.test", u2)[0].subject == "Your account " + u2 + " is ready");
}

BOOST_AUTO_TEST_CASE(resellers_word_only_their_clients_mails_and_only_when_branded) {
  const std::string r = Unique("wr");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  // Not branded: it sees the wordings, may not change them.
  BOOST_TEST(StateOf(reseller, "password.reset:en") == "default");
  BOOST_TEST(ErrorType(reseller.Call("mail.template.edit",
                                     "sok=ok&elid=password.reset:en&subject=x&body=__link__")) ==
             "access");
  // Mails to support centres and the sign-up's are the admin's alone: unknown to a reseller.
  BOOST_TEST(StateOf(reseller, "service.request:en") == "(missing)");
  for (const char* elid : {"service.request:en", "signup.verify:ru", "nothing:en",
                           "account.welcome:de", "account.welcome", ""}) {
    BOOST_TEST(ErrorType(reseller.Call("mail.template.edit", std::string("elid=") + elid)) ==
                   (std::string(elid).empty() ? "value" : "missed"),
               elid);
  }
  BOOST_TEST(StateOf(As::Admin(), "service.request:en") == "default");
  // A user has no templates at all.
  const std::string u = Unique("wru");
  MakeUser(reseller, u);
  BOOST_TEST(ErrorType(As::Login(u, kPassword).Call("mail.template")) == "access");
}

BOOST_AUTO_TEST_CASE(a_broken_template_is_refused_with_its_position_and_values_stay_inert) {
  const As admin = As::Admin();
  const auto broken =
      admin.Call("mail.template.edit", "sok=ok&elid=account.suspended:ru&subject=x&body=" +
                                           UrlEncode("Line one\n  __passwd__"));
  BOOST_TEST(ErrorObjectOf(broken) == "body");
  BOOST_TEST(Detail(broken).find("line 2, column 3: unknown placeholder __passwd__") == 0u,
             Detail(broken));
  BOOST_TEST(StateOf(admin, "account.suspended:ru") == "default");  // nothing kept
  BOOST_TEST(ErrorObjectOf(admin.Call("mail.template.edit",
                                      "sok=ok&elid=account.suspended:ru&body=x&subject=" +
                                          UrlEncode("a __name"))) == "subject");
  // A mail with a link keeps it.
  BOOST_TEST(Detail(admin.Call("mail.template.edit",
                               "sok=ok&elid=password.reset:ru&subject=x&body=no+link")) ==
             "line 1, column 8: the mail must contain __link__");
  // The preview refuses the same, and shows a good one with made-up values.
  BOOST_TEST(ErrorObjectOf(admin.Call("mail.template.preview", "elid=account.suspended:ru&body=" +
                                                                   UrlEncode("__x__"))) == "body");
  const auto preview = admin.Call(
      "mail.template.preview", "elid=account.suspended:ru&subject=" + UrlEncode("Стоп: __name__") +
                                   "&body=" + UrlEncode("<b>__reason__</b> {{7*7}} ${7*7}"));
  BOOST_TEST(std::string(preview.child("doc").child_value("subject")) == "Стоп: client1");
  BOOST_TEST(std::string(preview.child("doc").child_value("body")) ==
             "<b>Unpaid invoice</b> {{7*7}} ${7*7}");

  // Saved (by a branded reseller for its clients, so no other test's mail changes): a suspension
  // reason that looks like a placeholder, or carries a line break, stays text in its place (the
  // subject stays one line).
  const std::string r = Unique("wh"), brand = "Inert " + r;
  const As reseller = BrandedReseller(r, brand);
  BOOST_REQUIRE(IsOk(reseller.Call(
      "mail.template.edit",
      "sok=ok&elid=account.suspended:en&subject=" + UrlEncode("Stopped: __reason__ (__name__)") +
          "&body=" + UrlEncode("Reason: __reason__\n-- __brand__"))));
  const std::string u = Unique("whu"), address = u + "@inert.test";
  MakeUser(reseller, u, "email=" + address);
  const std::string reason = "__name__ __link__\r\nBcc: evil@inert.test";
  BOOST_REQUIRE(IsOk(reseller.Call("user.suspend", "elid=" + u + "&reason=" + UrlEncode(reason))));
  const std::vector<Received> mails = MailTo(address, "Stopped");
  BOOST_REQUIRE_EQUAL(mails.size(), 1u);
  BOOST_TEST(mails[0].subject == "Stopped: __name__ __link__ Bcc: evil@inert.test (" + u + ")");
  BOOST_TEST(mails[0].body == "Reason: __name__ __link__\nBcc: evil@inert.test\n-- " + brand);
  BOOST_TEST(!AnyTo("evil@inert.test"));
}

BOOST_AUTO_TEST_CASE(the_admins_wording_is_every_resellers_default_and_changes_are_audited) {
  const As admin = As::Admin();
  BOOST_REQUIRE(IsOk(
      admin.Call("mail.template.edit",
                 "sok=ok&elid=account.resumed:ru&subject=" + UrlEncode("Снова работает: __name__") +
                     "&body=" + UrlEncode("Готово.\n__brand__"))));
  const std::string r = Unique("wd");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  BOOST_TEST(StateOf(reseller, "account.resumed:ru") == "admin");
  const auto shown = reseller.Call("mail.template.edit", "elid=account.resumed:ru");
  BOOST_TEST(std::string(shown.child("doc").child_value("subject")) == "Снова работает: __name__");
  BOOST_TEST(std::string(shown.child("doc").child_value("preview_subject")) ==
             "Снова работает: client1");
  // The change and the reset are in the audit log, with the subject's old and new text.
  BOOST_TEST(IsOk(admin.Call("mail.template.reset", "elid=account.resumed:ru")));
  BOOST_TEST(StateOf(reseller, "account.resumed:ru") == "default");
  const auto audit = admin.Call("audit", "target=" + UrlEncode("mail.template:account.resumed:ru"));
  std::string actions;
  for (pugi::xml_node row : audit.child("doc").children("elem"))
    actions += std::string(row.child_value("outcome")) + ";";
  BOOST_TEST(actions.find("changed") != std::string::npos, actions);
  BOOST_TEST(actions.find("reset") != std::string::npos, actions);
}

BOOST_AUTO_TEST_SUITE_END()
