// The browser panel at the HTTP level: which clients get HTML, the security headers, redirects
// and cookies, CSRF and POST rules, escaping and error pages. The pages themselves are driven in
// Chromium by tests/browser/.

#include <boost/test/unit_test.hpp>

#include "core/function_registry.h"
#include "core/metadata.h"
#include "http/api.h"
#include "http/http_fixture.h"
#include "worker.h"

using namespace resellermgr::testing;

namespace {

constexpr char kBrowserAccept[] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

HttpOptions Browser(const std::string& cookie = {}) {
  return {.cookie = cookie, .accept = kBrowserAccept};
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The panel's login form as a browser gets it: the login cookie it sets ("name=value") and the
// token in the form, which a login must bring back together.
struct LoginForm {
  std::string cookie;
  std::string token;
};

LoginForm GetLoginForm() {
  HttpResponse page = HttpGet(Url(""), Browser());
  LoginForm form;
  for (const std::string& cookie : page.set_cookies) {
    if (cookie.rfind("resellermgr_login=", 0) == 0)
      form.cookie = cookie.substr(0, cookie.find(';'));
  }
  const std::string marker = "name=\"login_token\" value=\"";
  const std::size_t at = page.body.find(marker);
  BOOST_TEST_REQUIRE(at != std::string::npos);
  form.token = page.body.substr(at + marker.size(),
                                page.body.find('"', at + marker.size()) - at - marker.size());
  return form;
}

// POSTs the login form as the browser would, with `fields` beside the form's token.
HttpResponse PostLoginForm(const std::string& fields, const std::string& source_ip = {}) {
  const LoginForm form = GetLoginForm();
  return HttpPost(Url(""), "func=auth&" + fields + "&login_token=" + form.token,
                  {.cookie = form.cookie, .source_ip = source_ip, .accept = kBrowserAccept});
}

// Logs in through the panel's login form and returns the session cookie "name=value".
std::string BrowserLogIn(const std::string& name, const std::string& password) {
  HttpResponse response =
      PostLoginForm("username=" + UrlEncode(name) + "&password=" + UrlEncode(password));
  BOOST_TEST_REQUIRE(response.status == 303);
  BOOST_TEST_REQUIRE(!response.set_cookies.empty());
  return response.set_cookies.front().substr(0, response.set_cookies.front().find(';'));
}

std::string CsrfOf(const std::string& cookie) {
  return HttpGet(Url("func=whoami&out=xml"), {.cookie = cookie})
      .Xml()
      .child("doc")
      .child_value("csrf");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(panel)

BOOST_AUTO_TEST_CASE(api_clients_keep_xml_and_browsers_get_the_panel) {
  HttpResponse api = HttpGet(Url("func=whoami"));
  BOOST_TEST(api.content_type == "text/xml");
  HttpResponse curl_like = HttpGet(Url("func=whoami"), {.accept = "*/*"});
  BOOST_TEST(curl_like.content_type == "text/xml");
  // Java's HttpURLConnection default names text/html too; it is still an API client.
  HttpResponse java_like = HttpGet(
      Url("func=whoami"), {.accept = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"});
  BOOST_TEST(java_like.content_type == "text/xml");

  HttpResponse page = HttpGet(Url(""), Browser());
  BOOST_TEST(page.status == 200);
  BOOST_TEST(page.content_type == "text/html; charset=utf-8");
  BOOST_TEST(Contains(page.body, "<!DOCTYPE html"));
  BOOST_TEST(Contains(page.body, "id=\"login-form\""));
  // An explicit out wins over the Accept header.
  BOOST_TEST(HttpGet(Url("func=whoami&out=xml"), Browser()).content_type == "text/xml");
  BOOST_TEST(HttpGet(Url("func=whoami&out=json"), Browser()).content_type == "application/json");
}

BOOST_AUTO_TEST_CASE(pages_carry_the_security_headers) {
  HttpResponse page = HttpGet(Url("out=html"));
  BOOST_TEST(page.headers["content-security-policy"].find("default-src 'none'") == 0u);
  BOOST_TEST(Contains(page.headers["content-security-policy"], "frame-ancestors 'none'"));
  BOOST_TEST(Contains(page.headers["content-security-policy"], "form-action 'self'"));
  BOOST_TEST(page.headers["x-frame-options"] == "DENY");
  BOOST_TEST(page.headers["x-content-type-options"] == "nosniff");
  BOOST_TEST(page.headers["referrer-policy"] == "same-origin");
  BOOST_TEST(page.headers["cache-control"] == "no-store");
  // The assets come from nginx with the right types, so strict MIME checking accepts them.
  HttpResponse css = HttpGet(TestEnv("BASE_URL") + "/assets/panel.css");
  BOOST_TEST(css.status == 200);
  BOOST_TEST(css.content_type == "text/css");
  BOOST_TEST(HttpGet(TestEnv("BASE_URL") + "/assets/panel.js").content_type ==
             "application/javascript");
}

BOOST_AUTO_TEST_CASE(the_login_form_redirects_with_an_http_only_cookie) {
  HttpResponse response = PostLoginForm("username=" + UrlEncode(TestEnv("ADMIN_LOGIN")) +
                                        "&password=" + UrlEncode(TestEnv("ADMIN_PASSWORD")));
  BOOST_TEST(response.status == 303);
  BOOST_TEST(response.headers["location"] == "ispmgr");
  BOOST_TEST_REQUIRE(response.set_cookies.size() == 1u);
  BOOST_TEST(Contains(response.set_cookies[0], "HttpOnly"));
  BOOST_TEST(Contains(response.set_cookies[0], "SameSite=Lax"));
  const std::string cookie = response.set_cookies[0].substr(0, response.set_cookies[0].find(';'));
  HttpResponse home = HttpGet(Url(""), Browser(cookie));
  BOOST_TEST(Contains(home.body, "id=\"menu-reseller\""));

  // A wrong password: the login page again, with the reason and without the password. (A login
  // and an address of its own, so the throttling of other tests is not touched.)
  const std::string r = Unique("pl");
  MakeReseller(r);
  HttpResponse failed = PostLoginForm("username=" + r + "&password=no-such-pw", "127.0.0.41");
  BOOST_TEST(failed.status == 200);
  BOOST_TEST(Contains(failed.body, "Invalid username or password"));
  BOOST_TEST(!Contains(failed.body, "no-such-pw"));
}

BOOST_AUTO_TEST_CASE(a_key_login_from_a_browser_lands_logged_in) {
  const std::string r = Unique("pk");
  MakeReseller(r);
  const std::string key = "browser-key-" + r + "-0123456789";
  BOOST_TEST_REQUIRE(IsOk(As::Admin().Call("session.newkey", "username=" + r + "&key=" + key)));
  HttpResponse response = HttpGet(
      Url("func=auth&username=" + r + "&key=" + UrlEncode(key) + "&checkcookie=no"), Browser());
  BOOST_TEST_REQUIRE(response.status == 303);
  BOOST_TEST_REQUIRE(!response.set_cookies.empty());
  const std::string cookie = response.set_cookies[0].substr(0, response.set_cookies[0].find(';'));
  HttpResponse home = HttpGet(Url(""), Browser(cookie));
  BOOST_TEST(Contains(home.body, "<strong>" + r + "</strong>"));
}

BOOST_AUTO_TEST_CASE(a_form_reads_freely_but_a_submit_needs_post_and_the_token) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const std::string csrf = CsrfOf(cookie);
  BOOST_TEST_REQUIRE(csrf.size() == 64u);
  // Showing a form changes nothing: a link may open it.
  HttpResponse form = HttpGet(Url("func=reseller.edit"), Browser(cookie));
  BOOST_TEST(Contains(form.body, "id=\"edit-form\""));
  BOOST_TEST(Contains(form.body, "name=\"csrf\" value=\"" + csrf + "\""));

  const std::string r = Unique("pf");
  const std::string fields = "func=reseller.edit&sok=ok&name=" + r + "&passwd=" + kPassword;
  // By GET, even with the token: refused.
  BOOST_TEST(
      ErrorObjectOf(HttpGet(Url(fields + "&out=xml&csrf=" + csrf), {.cookie = cookie}).Xml()) ==
      "csrf");
  // By POST without the token: refused.
  BOOST_TEST(ErrorObjectOf(HttpPost(Url("out=xml"), fields, {.cookie = cookie}).Xml()) == "csrf");
  BOOST_TEST(!FindRow(As::Admin().Call("reseller", "name=" + r), r));
  // By POST with it: created, and the browser is sent back to the list.
  HttpResponse created = HttpPost(Url(""), fields + "&csrf=" + csrf, Browser(cookie));
  BOOST_TEST(created.status == 303);
  BOOST_TEST(created.headers["location"] == "ispmgr?func=reseller&done=created&what=" + r);
  BOOST_TEST(FindRow(As::Admin().Call("reseller", "name=" + r), r));
}

// The panel's form posts every limit field, empty ones too. Without the script, a template chosen
// beside empty fields gives them its values (the script fills them itself and says so); the
// account records the template, and lists show it. The API keeps its rule: fields sent win.
BOOST_AUTO_TEST_CASE(a_template_chosen_in_the_form_applies_to_the_limits_left_empty) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const std::string csrf = CsrfOf(cookie);
  const std::string t = Unique("tp");
  BOOST_TEST_REQUIRE(IsOk(As::Admin().Call(
      "preset.edit", "sok=ok&name=" + t + "&limit_quota=2048&limit_users=7&limit_ssl=on")));
  std::string empty_limits;
  for (const char* limit : {"limit_users", "limit_quota", "limit_db"})
    empty_limits += std::string("&") + limit + "=";
  for (const char* flag : {"limit_shell", "limit_ssl", "limit_cgi"})
    empty_limits += std::string("&") + flag + "=off";

  const std::string r = Unique("pt");
  HttpResponse created =
      HttpPost(Url(""),
               "func=reseller.edit&sok=ok&name=" + r + "&passwd=" + kPassword + "&preset=" + t +
                   empty_limits + "&limit_traff=500&csrf=" + csrf,
               Browser(cookie));
  BOOST_TEST(created.status == 303);
  pugi::xml_document form = As::Admin().Call("reseller.edit", "elid=" + r);
  BOOST_TEST(form.child("doc").child_value("limit_quota") == std::string("2048"));
  BOOST_TEST(form.child("doc").child_value("limit_users") == std::string("7"));
  BOOST_TEST(form.child("doc").child_value("limit_ssl") == std::string("on"));
  BOOST_TEST(form.child("doc").child_value("limit_traff") == std::string("500"));  // typed: kept
  // The edit form names the template that was applied (issue 20), not "No template".
  const HttpResponse applied = HttpGet(Url("func=reseller.edit&elid=" + r), Browser(cookie));
  BOOST_TEST(Contains(applied.body, "“" + t + "” (applied; keep its limits)"));
  BOOST_TEST(!Contains(applied.body, ">No template<"));
  BOOST_TEST(form.child("doc").child_value("preset_used") == t);
  const pugi::xml_document list = As::Admin().Call("reseller", "name=" + r);
  BOOST_TEST(FindRow(list, r).child_value("preset") == t);
  BOOST_TEST(Contains(HttpGet(Url("func=reseller&name=" + r), Browser(cookie)).body,
                      "data-col=\"preset\">" + t + "<"));

  // The script filled the fields and the person emptied one: saved as shown.
  const std::string shown = Unique("pt");
  BOOST_TEST(HttpPost(Url(""),
                      "func=reseller.edit&sok=ok&name=" + shown + "&passwd=" + kPassword +
                          "&preset=" + t + empty_limits +
                          "&limit_traff=&preset_applied=1&csrf=" + csrf,
                      Browser(cookie))
                 .status == 303);
  BOOST_TEST(
      As::Admin().Call("reseller.edit", "elid=" + shown).child("doc").child_value("limit_quota") ==
      std::string(""));

  // An API client: the template, then the fields it sends (empty ones too).
  const std::string api = Unique("pt");
  BOOST_TEST(IsOk(As::Admin().Call("reseller.edit", "sok=ok&name=" + api + "&passwd=" + kPassword +
                                                        "&preset=" + t + "&limit_quota=")));
  pugi::xml_document api_form = As::Admin().Call("reseller.edit", "elid=" + api);
  BOOST_TEST(api_form.child("doc").child_value("limit_quota") == std::string(""));
  BOOST_TEST(api_form.child("doc").child_value("limit_users") == std::string("7"));
  // The form offers each template with its limits, for the script.
  HttpResponse page = HttpGet(Url("func=reseller.edit"), Browser(cookie));
  BOOST_TEST(Contains(page.body, "data-limits=\"limit_quota=2048,limit_ssl=1,limit_users=7\""));
}

// Issue 13, defect 3: every field the form refuses is said at once, beside its field.
BOOST_AUTO_TEST_CASE(a_rejected_form_names_every_wrong_field_at_once) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  HttpResponse page = HttpPost(Url(""),
                               "func=reseller.edit&sok=ok&name=&passwd=&email=not-an-address"
                               "&limit_quota=lots&limit_users=many&csrf=" +
                                   CsrfOf(cookie),
                               Browser(cookie));
  BOOST_TEST(page.status == 200);
  for (const char* field : {"name", "email", "limit_quota", "limit_users"})
    BOOST_TEST(Contains(page.body, std::string("id=\"error-") + field + "\""), field);
  BOOST_TEST(!Contains(page.body, "id=\"error-fullname\""));
}

BOOST_AUTO_TEST_CASE(a_rejected_form_keeps_values_and_never_echoes_a_password) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const std::string r = Unique("pr");
  HttpResponse page = HttpPost(Url(""),
                               "func=reseller.edit&sok=ok&name=" + r +
                                   "&passwd=typed-secret-1&confirm=typed-secret-2"
                                   "&fullname=Kept+Name&csrf=" +
                                   CsrfOf(cookie),
                               Browser(cookie));
  BOOST_TEST(page.status == 200);
  BOOST_TEST(Contains(page.body, "id=\"error-confirm\""));
  BOOST_TEST(Contains(page.body, "the passwords do not match"));
  BOOST_TEST(Contains(page.body, "value=\"Kept Name\""));
  BOOST_TEST(!Contains(page.body, "typed-secret"));
  BOOST_TEST(!FindRow(As::Admin().Call("reseller", "name=" + r), r));
}

BOOST_AUTO_TEST_CASE(every_value_is_escaped) {
  const std::string r = Unique("px");
  MakeReseller(r, "fullname=" + UrlEncode("<script>alert(1)</script>\"'&"));
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  HttpResponse list = HttpGet(Url("func=reseller&name=" + r), Browser(cookie));
  BOOST_TEST(Contains(list.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  BOOST_TEST(!Contains(list.body, "<script>alert"));
  HttpResponse form = HttpGet(Url("func=reseller.edit&elid=" + r), Browser(cookie));
  BOOST_TEST(Contains(form.body, "value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;'&amp;\""));
}

BOOST_AUTO_TEST_CASE(errors_have_pages_and_lists_show_failed_actions_in_place) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  HttpResponse unknown = HttpGet(Url("func=webdomain"), Browser(cookie));
  BOOST_TEST(unknown.status == 200);
  BOOST_TEST(Contains(unknown.body, "Unknown function 'webdomain'"));
  HttpResponse missing =
      HttpPost(Url(""), "func=reseller.suspend&elid=no-such-reseller&csrf=" + CsrfOf(cookie),
               Browser(cookie));
  BOOST_TEST(Contains(missing.body, "id=\"list\""));
  BOOST_TEST(Contains(missing.body, "data-type=\"missed\""));
  // A guest asking for a list gets the login page, not the list.
  HttpResponse guest = HttpGet(Url("func=reseller"), Browser());
  BOOST_TEST(Contains(guest.body, "id=\"login-form\""));
  BOOST_TEST(!Contains(guest.body, "id=\"list\""));
  // A guest asking for a function that does not exist learns just that.
  HttpResponse nothing = HttpGet(Url("func=no.such.function"), Browser());
  BOOST_TEST(Contains(nothing.body, "Unknown function 'no.such.function'"));
  BOOST_TEST(!Contains(nothing.body, "id=\"menu-reseller\""));
}

// A refused list action says, in the page's language, what to select or tick (not which
// parameter was wrong or what to send).
BOOST_AUTO_TEST_CASE(a_refused_list_action_says_what_to_do) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const std::string csrf = CsrfOf(cookie);
  HttpResponse nothing = HttpPost(Url(""), "func=reseller.suspend&csrf=" + csrf, Browser(cookie));
  BOOST_TEST(Contains(nothing.body, "id=\"list\""));
  BOOST_TEST(Contains(nothing.body, "Select at least one reseller first"));
  BOOST_TEST(!Contains(nothing.body, "'elid'"));
  HttpResponse russian =
      HttpPost(Url(""), "func=reseller.suspend&lang=ru&csrf=" + csrf, Browser(cookie));
  BOOST_TEST(Contains(russian.body, "Сначала выберите хотя бы одного реселлера"));

  const std::string r = Unique("ph");
  MakeReseller(r);
  MakeUser(As::Login(r, kPassword), Unique("uh"));
  // Asked first, the confirmation says what the action reaches.
  for (const char* func : {"reseller.delete", "reseller.suspend"}) {
    HttpResponse asked = HttpPost(
        Url(""), std::string("func=") + func + "&elid=" + r + "&csrf=" + csrf, Browser(cookie));
    BOOST_TEST(Contains(asked.body, "id=\"confirm-form\""), func);
    // What it reaches beyond the target (issue 25's preview): its user among the accounts.
    BOOST_TEST(Contains(asked.body, r + "<span class=\"reach\" id=\"reach-" + r + "\">"), func);
    BOOST_TEST(Contains(asked.body, ", 1 users; "), func);
    BOOST_TEST(Contains(asked.body, "id=\"reach-note\""), func);
  }
  BOOST_TEST(Contains(
      HttpPost(Url(""), "func=reseller.suspend&elid=" + r + "&csrf=" + csrf, Browser(cookie)).body,
      "name=\"reason\""));
  HttpResponse owner =
      HttpPost(Url(""), "func=reseller.delete&sok=ok&elid=" + r + "&cascade=off&csrf=" + csrf,
               Browser(cookie));
  BOOST_TEST(Contains(owner.body, r + " still has users. Tick “Also delete its users”"));
  BOOST_TEST(!Contains(owner.body, "cascade=on"));
  BOOST_TEST(FindRow(As::Admin().Call("reseller", "name=" + r), r));  // nothing deleted
}

// The menu offers only what the login may use: a group closed by reseller.access goes from it.
BOOST_AUTO_TEST_CASE(the_menu_leaves_out_what_access_denies) {
  const std::string r = Unique("pm");
  MakeReseller(r);
  const std::string before = HttpGet(Url(""), Browser(BrowserLogIn(r, kPassword))).body;
  BOOST_TEST(Contains(before, "id=\"menu-user\""));
  BOOST_TEST(Contains(before, "id=\"menu-preset\""));
  BOOST_TEST_REQUIRE(IsOk(As::Admin().Call("reseller.access", "sok=ok&elid=" + r + "&users=off")));
  const std::string after = HttpGet(Url(""), Browser(BrowserLogIn(r, kPassword))).body;
  BOOST_TEST(!Contains(after, "id=\"menu-user\""));
  BOOST_TEST(Contains(after, "id=\"menu-preset\""));
  // Resellers appear only for a reseller the admin lets resell.
  BOOST_TEST(!Contains(after, "id=\"menu-reseller\""));
  BOOST_TEST_REQUIRE(
      IsOk(As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&may_resell=on")));
  BOOST_TEST(
      Contains(HttpGet(Url(""), Browser(BrowserLogIn(r, kPassword))).body, "id=\"menu-reseller\""));
}

// After a change the page it lands on says what was done (POST, redirect, GET), in the page's
// language; a notice is only ever one the panel wrote.
BOOST_AUTO_TEST_CASE(a_change_lands_on_a_page_that_says_what_was_done) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const std::string csrf = CsrfOf(cookie);
  const std::string r = Unique("pn");
  HttpResponse created = HttpPost(
      Url(""), "func=reseller.edit&sok=ok&name=" + r + "&passwd=" + kPassword + "&csrf=" + csrf,
      Browser(cookie));
  BOOST_TEST_REQUIRE(created.status == 303);
  BOOST_TEST(created.headers["location"] == "ispmgr?func=reseller&done=created&what=" + r);
  HttpResponse landed = HttpGet(Url(created.headers["location"].substr(7)), Browser(cookie));
  BOOST_TEST(Contains(landed.body, "id=\"notice\">“" + r + "” created<"));
  BOOST_TEST(Contains(landed.body, "id=\"list\""));

  HttpResponse suspended = HttpPost(
      Url(""), "func=reseller.suspend&sok=ok&elid=" + r + "&csrf=" + csrf, Browser(cookie));
  BOOST_TEST(suspended.headers["location"] == "ispmgr?func=reseller&done=suspended&what=" + r);
  HttpResponse russian =
      HttpGet(Url("func=reseller&done=suspended&what=" + r + "&lang=ru"), Browser(cookie));
  BOOST_TEST(Contains(russian.body, "Приостановлены: " + r));

  // Anything else in the URL is no notice: unknown keys, and names no change would have.
  for (const std::string& forged :
       {"done=created&what=" + UrlEncode("Call +1 555 now"), std::string("done=phished&what=r1"),
        std::string("done=created&what=%3Cb%3Ex")}) {
    BOOST_TEST(
        !Contains(HttpGet(Url("func=reseller&" + forged), Browser(cookie)).body, "id=\"notice\""),
        forged);
  }
}

// Forms say what they do and what each field needs; lists show an account over a limit.
BOOST_AUTO_TEST_CASE(forms_read_as_new_or_edit_and_lists_mark_what_is_over_a_limit) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const std::string fresh = HttpGet(Url("func=reseller.edit"), Browser(cookie)).body;
  BOOST_TEST(Contains(fresh, "<h1 id=\"form-title\">New reseller"));
  BOOST_TEST(Contains(fresh, "Name<span class=\"required\" aria-hidden=\"true\"> *</span>"));
  BOOST_TEST(!Contains(fresh, "Leave empty to keep the current password"));
  const std::string r = Unique("pe");
  MakeReseller(r, "limit_quota=100");
  const std::string edit = HttpGet(Url("func=reseller.edit&elid=" + r), Browser(cookie)).body;
  BOOST_TEST(Contains(edit, "<h1 id=\"form-title\">Edit reseller: " + r + "</h1>"));
  BOOST_TEST(Contains(edit, "Leave empty to keep the current password"));
  BOOST_TEST(Contains(edit, "name=\"name\" value=\"" + r + "\" maxlength=\"32\" readonly>"));

  BOOST_TEST(IsOk(As::Admin().Call("usage.report", "elid=" + r + "&quota_used=150&traff_used=0")));
  const std::string list = HttpGet(Url("func=reseller&name=" + r), Browser(cookie)).body;
  BOOST_TEST(Contains(list, "optimum=\"0\" class=\"over\">"));
  BOOST_TEST(Contains(list, "<span class=\"badge over\">over the limit</span>"));
  BOOST_TEST(!Contains(list, "id=\"tb-filter\""));  // the filter form above the list is the one
  BOOST_TEST(Contains(list, "id=\"filter-form\""));
}

BOOST_AUTO_TEST_CASE(the_api_reference_is_served_beside_the_panel) {
  HttpResponse reference = HttpGet(TestEnv("BASE_URL") + "/docs/api-reference.md");
  BOOST_TEST(reference.status == 200);
  BOOST_TEST(reference.content_type == "text/plain; charset=utf-8");
  BOOST_TEST(Contains(reference.body, "# resellermgr API reference"));
  BOOST_TEST(Contains(reference.body, "\n### `user.edit`\n"));
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  // The panel links the rendered page (issue 20: it opened as raw Markdown).
  BOOST_TEST(Contains(HttpGet(Url(""), Browser(cookie)).body, "href=\"/docs/api-reference.html\""));
  HttpResponse page = HttpGet(TestEnv("BASE_URL") + "/docs/api-reference.html");
  BOOST_TEST(page.status == 200);
  BOOST_TEST(page.content_type == "text/html; charset=utf-8");
  BOOST_TEST(Contains(page.body, "<h1>resellermgr API reference</h1>"));
  BOOST_TEST(Contains(page.body, "<h3><code>user.edit</code></h3>"));
  BOOST_TEST(Contains(page.body, "<table>"));
  BOOST_TEST(Contains(page.body, "/assets/panel.css"));
}

// The home page is the dashboard: what the caller's accounts come to, each number a link to the
// list it counts, and a reseller's own limits against what it gave out and uses.
BOOST_AUTO_TEST_CASE(the_dashboard_counts_what_the_caller_reaches) {
  const std::string r = Unique("pd");
  MakeReseller(r, "limit_quota=1000&limit_users=5");
  const As reseller = As::Login(r, kPassword);
  const std::string calm = Unique("ud");
  const std::string heavy = Unique("ud");
  MakeUser(reseller, calm, "limit_quota=300");
  MakeUser(reseller, heavy, "limit_quota=200");
  BOOST_TEST(IsOk(reseller.Call("user.suspend", "elid=" + calm)));
  BOOST_TEST(
      IsOk(As::Admin().Call("usage.report", "elid=" + heavy + "&quota_used=250&traff_used=0")));
  BOOST_TEST(IsOk(As::Admin().Call("reseller.message",
                                   "sok=ok&elid=" + r + "&subject=Hi&priority=low&text=Hello")));

  const pugi::xml_document board = reseller.Call("dashboard");
  pugi::xml_node users = board.child("doc").find_child_by_attribute("accounts", "level", "16");
  BOOST_TEST(users.attribute("total").as_int() == 2);  // not its own client account (issue 20)
  BOOST_TEST(users.attribute("suspended").as_int() == 1);
  BOOST_TEST(users.attribute("overlimit").as_int() == 1);
  BOOST_TEST(!board.child("doc").find_child_by_attribute("accounts", "level", "24"));
  BOOST_TEST(board.child("doc").child("tickets").attribute("open").as_int() == 1);
  pugi::xml_node quota = board.child("doc").find_child_by_attribute("limit", "name", "limit_quota");
  BOOST_TEST(quota.attribute("limit").value() == std::string("1000"));
  BOOST_TEST(quota.attribute("allocated").as_int() == 500);
  BOOST_TEST(quota.attribute("used").as_int() == 250);
  pugi::xml_node count = board.child("doc").find_child_by_attribute("limit", "name", "limit_users");
  BOOST_TEST(count.attribute("used").as_int() == 2);
  // account.over_limit follows the limits too: a raised limit takes the user off the count.
  BOOST_TEST(IsOk(reseller.Call("user.edit", "sok=ok&elid=" + heavy + "&limit_quota=260")));
  BOOST_TEST(reseller.Call("dashboard")
                 .child("doc")
                 .find_child_by_attribute("accounts", "level", "16")
                 .attribute("overlimit")
                 .as_int() == 0);
  BOOST_TEST(IsOk(reseller.Call("user.edit", "sok=ok&elid=" + heavy + "&limit_quota=200")));

  // The admin sees resellers and users; a user sees only its own limits.
  const pugi::xml_document admin = As::Admin().Call("dashboard");
  BOOST_TEST(admin.child("doc").find_child_by_attribute("accounts", "level", "24"));
  BOOST_TEST(admin.child("doc").find_child_by_attribute("accounts", "level", "16"));
  const pugi::xml_document own = As::Login(heavy, kPassword).Call("dashboard");
  BOOST_TEST(!own.child("doc").child("accounts"));
  BOOST_TEST(own.child("doc")
                 .find_child_by_attribute("limit", "name", "limit_quota")
                 .attribute("used")
                 .as_int() == 250);

  const std::string home = HttpGet(Url(""), Browser(BrowserLogIn(r, kPassword))).body;
  BOOST_TEST(Contains(home, "id=\"dashboard\""));
  BOOST_TEST(Contains(
      home, "href=\"ispmgr?func=user&amp;status=overlimit\" id=\"dash-user-overlimit\">1<"));
  BOOST_TEST(Contains(home, "id=\"dash-tickets-open\">1<"));
  BOOST_TEST(Contains(home,
                      "<tr data-limit=\"limit_quota\"><td>Disk, "
                      "MiB</td><td>1000</td><td>500</td><td>250</td></tr>"));
}

// The audit list in Russian names functions and results in Russian (the raw value stays in the
// title), and in English keeps them as they are.
BOOST_AUTO_TEST_CASE(the_audit_list_speaks_the_pages_language) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const std::string r = Unique("pa");
  MakeReseller(r);
  const std::string ru = HttpGet(Url("func=audit&target=" + r + "&lang=ru"), Browser(cookie)).body;
  BOOST_TEST(Contains(ru, "<span title=\"reseller.edit\">изменение реселлера</span>"));
  BOOST_TEST(Contains(ru, "<span title=\"created\">создан</span>"));
  const std::string en = HttpGet(Url("func=audit&target=" + r), Browser(cookie)).body;
  BOOST_TEST(Contains(en, "data-col=\"outcome\">created<"));
}

BOOST_AUTO_TEST_CASE(a_list_filter_is_kept_across_pages) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  HttpResponse page =
      HttpGet(Url("func=audit&actor=" + TestEnv("ADMIN_LOGIN") + "&p_cnt=2"), Browser(cookie));
  BOOST_TEST(Contains(page.body, "id=\"filter-form\""));
  BOOST_TEST(Contains(page.body, "name=\"actor\" value=\"" + TestEnv("ADMIN_LOGIN") + "\""));
  // The next page keeps the filter and the page size.
  BOOST_TEST(Contains(page.body, "p_num=2&amp;actor=" + TestEnv("ADMIN_LOGIN") + "&amp;p_cnt=2"));
  BOOST_TEST(
      Contains(page.body, "href=\"ispmgr?func=audit&amp;actor=&amp;target=&amp;from=&amp;to=\""));
  // A malformed filter value is shown in place, not as a broken page.
  HttpResponse bad = HttpGet(Url("func=audit&from=yesterday"), Browser(cookie));
  BOOST_TEST(Contains(bad.body, "data-object=\"from\""));
}

BOOST_AUTO_TEST_CASE(the_login_page_speaks_russian_when_asked) {
  HttpResponse page = HttpGet(Url("lang=ru"), Browser());
  BOOST_TEST(Contains(page.body, "<html lang=\"ru\""));
  BOOST_TEST(Contains(page.body, "Имя пользователя"));
}

// Before a form is sent, each pooled limit says what the owner's pool still has for it.
BOOST_AUTO_TEST_CASE(limit_fields_say_what_is_left_in_the_owners_pool) {
  const std::string r = Unique("pp");
  MakeReseller(r, "limit_quota=2048&limit_db=10");
  const std::string u = Unique("up");
  MakeUser(As::Login(r, kPassword), u, "limit_quota=512&limit_db=4");
  const std::string cookie = BrowserLogIn(r, kPassword);
  const std::string fresh = HttpGet(Url("func=user.edit"), Browser(cookie)).body;
  BOOST_TEST(Contains(fresh, "id=\"pool-limit_quota\">1536 MiB left in the owner's pool of 2 GiB"));
  BOOST_TEST(Contains(fresh, "id=\"pool-limit_db\">6 left in the owner's pool of 10"));
  // Editing, the account's own share counts as still its own.
  const std::string edit = HttpGet(Url("func=user.edit&elid=" + u), Browser(cookie)).body;
  BOOST_TEST(Contains(edit, "id=\"pool-limit_quota\">2 GiB left in the owner's pool of 2 GiB"));
  // The admin's own pool has no limit: nothing to say.
  BOOST_TEST(
      !Contains(HttpGet(Url("func=reseller.edit"),
                        Browser(BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"))))
                    .body,
                "id=\"pool-"));
}

// Issue 20: the panel as an operator found it.
BOOST_AUTO_TEST_CASE(search_results_open_their_own_kind_of_form) {
  const std::string r = Unique("srch");
  MakeReseller(r);
  const std::string u = r + "x";
  MakeUser(As::Login(r, kPassword), u);
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const HttpResponse page = HttpGet(Url("func=search&q=" + r), Browser(cookie));
  BOOST_TEST(Contains(page.body, "func=reseller.edit&amp;elid=" + r + "\""));
  BOOST_TEST(Contains(page.body, "func=user.edit&amp;elid=" + u + "\""));
  BOOST_TEST(!Contains(page.body, "func=user.edit&amp;elid=" + r + "\""));
}

BOOST_AUTO_TEST_CASE(the_resellers_home_gives_its_own_client_account_a_place) {
  const std::string r = Unique("home");
  MakeReseller(r);
  const std::string cookie = BrowserLogIn(r, kPassword);
  const HttpResponse home = HttpGet(Url(""), Browser(cookie));
  BOOST_TEST(Contains(home.body, "id=\"dash-own\""));
  BOOST_TEST(Contains(home.body, "func=client.service&amp;plid=" + r + "-own"));
  const HttpResponse users = HttpGet(Url("func=user"), Browser(cookie));
  BOOST_TEST(!Contains(users.body, "data-key=\"" + r + "-own\""));
  const HttpResponse ru = HttpGet(Url("lang=ru"), Browser(cookie));
  BOOST_TEST(Contains(ru.body, "Ваша собственная клиентская учётная запись"));
}

// Issue 20: every select option and every labelled list value a page shows has a message, in
// English and in Russian. The panel marks a value it found none for (data-unlabelled); this walks
// every list and form of the metadata, as the admin, a reseller and a user, and some pages with
// the objects that make their selects and values appear.
BOOST_AUTO_TEST_CASE(every_option_and_list_value_a_page_shows_has_a_message_in_en_and_ru) {
  const std::string r = Unique("lbl"), u = Unique("lblu");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  MakeUser(reseller, u);
  BOOST_REQUIRE(
      IsOk(reseller.Call("client.service.status", "elid=" + u + "&service=cdn&status=trial")));
  const auto ticket =
      As::Login(u, kPassword).Call("ticket.new", "sok=ok&subject=Hi&priority=medium&text=Hello");
  BOOST_REQUIRE(IsOk(ticket));
  const std::string ticket_id = ticket.child("doc").child_value("id");
  BOOST_REQUIRE(
      IsOk(As::Admin().Call("wallet.deposit", "elid=" + r + "&amount=5&reference=" + Unique("ref") +
                                                  "&idempotency_key=" + Unique("key"))));
  resellermgr::core::FunctionRegistry registry;
  resellermgr::RegisterAllFunctions(registry);
  const auto metadata =
      resellermgr::core::Metadata::LoadFile(TestEnv("XML_DIR") + "/ispmgr_mod_resellermgr.xml");
  std::vector<std::string> pages;
  for (const std::string& func : registry.Names()) {
    const std::string type = metadata.Find(func).attribute("type").value();
    if (type == "list" || type == "form") pages.push_back("func=" + func);
  }
  for (const std::string& extra : std::vector<std::string>{
           "func=client.service&plid=" + u, "func=client.service.edit&plid=" + u + "&elid=cdn",
           "func=user&status=suspended", "func=search&q=" + r, "func=ticket",
           "func=transaction&elid=" + r, "func=wallet.edit&elid=" + r, "func=vendor.edit",
           "func=user.filter", "func=ticket.edit&elid=" + ticket_id, "func=user.edit&elid=" + u,
           "func=reseller.edit&elid=" + r, "func=ticket&all=on"})
    pages.push_back(extra);
  int seen = 0;
  for (const auto& [name, password] : std::vector<std::pair<std::string, std::string>>{
           {TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD")}, {r, kPassword}, {u, kPassword}}) {
    const std::string cookie = BrowserLogIn(name, password);
    for (const char* lang : {"en", "ru"}) {
      for (const std::string& page : pages) {
        const HttpResponse reply = HttpGet(Url(page + "&lang=" + lang), Browser(cookie));
        if (reply.content_type.rfind("text/html", 0) != 0) continue;
        ++seen;
        for (std::size_t at = reply.body.find("data-unlabelled=\""); at != std::string::npos;
             at = reply.body.find("data-unlabelled=\"", at + 1)) {
          const std::size_t start = at + 17;
          BOOST_TEST(false, name << " " << lang << " " << page << ": no message for '"
                                 << reply.body.substr(start, reply.body.find('"', start) - start)
                                 << "'");
        }
      }
    }
  }
  BOOST_TEST(seen > 100);
}

// Issue 20: a refusal at the front door (nginx: a logo over the body limit) reached from a panel
// page is a panel page that leads back to the form, in the browser's language; API clients still
// get the typed document.
BOOST_AUTO_TEST_CASE(a_front_door_refusal_from_a_panel_page_is_a_panel_page) {
  const std::string big(2 * 1024 * 1024, 'x');
  const std::string form = TestEnv("BASE_URL") + "/ispmgr?func=brand.edit";
  HttpOptions browser = Browser();
  browser.headers = {"Referer: " + form + "&x=\"<b>"};
  const HttpResponse page = HttpPost(Url(""), "logo=" + big, browser);
  BOOST_TEST(page.status == 413);
  BOOST_TEST(page.content_type.rfind("text/html", 0) == 0u);
  BOOST_TEST(Contains(page.body, "id=\"front-door-error\""));
  BOOST_TEST(Contains(page.body, "The request is too large"));
  BOOST_TEST(Contains(page.body, "/assets/panel.css"));
  // Back to the page it came from, escaped.
  BOOST_TEST(Contains(page.body, "href=\"" + form + "&amp;x=&quot;&lt;b&gt;\""));
  browser.headers.push_back("Accept-Language: ru-RU,ru;q=0.9");
  const HttpResponse ru = HttpPost(Url(""), "logo=" + big, browser);
  BOOST_TEST(Contains(ru.body, "Запрос слишком велик"));
  // A script and a browser asking for XML keep the typed error.
  BOOST_TEST(HttpPost(Url("out=xml"), "logo=" + big, Browser()).content_type == "text/xml");
  BOOST_TEST(HttpPost(Url(""), "logo=" + big).content_type == "text/xml");
}

// Issue 20: a money movement, an activation request (with its note to support) and a new ticket
// each end on a page that says what was done.
BOOST_AUTO_TEST_CASE(money_moves_activation_requests_and_new_tickets_say_they_are_done) {
  const std::string r = Unique("nt"), u = Unique("ntu");
  MakeReseller(r);
  MakeUser(As::Login(r, kPassword), u);
  BOOST_REQUIRE(
      IsOk(As::Login(r, kPassword)
               .Call("client.service.status", "elid=" + u + "&service=cdn&status=trial")));
  BOOST_REQUIRE(
      IsOk(As::Login(r, kPassword)
               .Call("client.service.status", "elid=" + u + "&service=cdn&status=trialend")));
  const auto landed = [](const HttpResponse& reply, const std::string& cookie) {
    BOOST_TEST_REQUIRE(reply.status == 303);
    const std::string location = reply.headers.at("location");
    return HttpGet(location.starts_with("http") ? location : TestEnv("BASE_URL") + "/" + location,
                   Browser(cookie));
  };
  const std::string admin = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const HttpResponse moved =
      HttpPost(Url(""),
               "func=wallet.transfer&sok=ok&elid=" + r +
                   "&amount=5&idempotency_key=" + Unique("k") + "&csrf=" + CsrfOf(admin),
               Browser(admin));
  BOOST_TEST(Contains(landed(moved, admin).body, "Money moved: " + r));
  const std::string client = BrowserLogIn(u, kPassword);
  const HttpResponse confirm = HttpGet(Url("func=service.request&elid=cdn"), Browser(client));
  BOOST_TEST(Contains(confirm.body, "id=\"f-message\""));
  BOOST_TEST(!Contains(confirm.body, "This cannot be undone"));
  const HttpResponse requested = HttpPost(
      Url(""), "func=service.request&sok=ok&elid=cdn&message=For+my+shop&csrf=" + CsrfOf(client),
      Browser(client));
  BOOST_TEST(Contains(landed(requested, client).body, "Activation of cdn requested"));
  const HttpResponse opened = HttpPost(
      Url(""), "func=ticket.new&sok=ok&subject=Hello&priority=low&text=Hi&csrf=" + CsrfOf(client),
      Browser(client));
  BOOST_TEST(Contains(landed(opened, client).body, "Ticket "));
  BOOST_TEST(Contains(landed(opened, client).body, " opened"));
}

// Issue 20: the admin reaches Reports from its menu, picks a month there, and pages start with
// a skip link and the cursor in the form's first field.
BOOST_AUTO_TEST_CASE(admins_have_reports_with_a_month_picker_and_pages_a_skip_link) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const HttpResponse home = HttpGet(Url(""), Browser(cookie));
  BOOST_TEST(Contains(home.body, "?func=report\""));
  BOOST_TEST(Contains(home.body, "id=\"skip-link\" href=\"#content\""));
  const HttpResponse report = HttpGet(Url("func=report&period=2026-01"), Browser(cookie));
  BOOST_TEST(report.status == 200);
  BOOST_TEST(Contains(report.body, "id=\"filter-form\""));
  BOOST_TEST(Contains(report.body, "name=\"period\" value=\"2026-01\""));
  const HttpResponse form = HttpGet(Url("func=reseller.edit"), Browser(cookie));
  const auto name_input = form.body.find("id=\"f-name\"");
  BOOST_TEST_REQUIRE(name_input != std::string::npos);
  BOOST_TEST(form.body.substr(name_input, form.body.find('>', name_input) - name_input)
                 .find("autofocus") != std::string::npos);
  BOOST_TEST(form.body.find("autofocus=") == form.body.rfind("autofocus="));  // one field only
}

// Issue 20: toolbars and form fields follow the caller's rights and level; a field change the
// caller may not make is refused, never ignored.
BOOST_AUTO_TEST_CASE(toolbars_and_fields_offer_only_what_the_caller_may_use) {
  const std::string r = Unique("tb"), u = Unique("tbu");
  MakeReseller(r, "may_resell=on");
  const As reseller = As::Login(r, kPassword);
  MakeUser(reseller, u);
  const std::string support = Unique("tbs");
  BOOST_REQUIRE(IsOk(reseller.Call("login.edit", "sok=ok&name=" + support + "&passwd=" +
                                                     std::string(kPassword) + "&group=SUPPORT")));
  const std::string staff = BrowserLogIn(support, kPassword);
  const HttpResponse users = HttpGet(Url("func=user"), Browser(staff));
  BOOST_TEST(Contains(users.body, "id=\"tb-suspend\""));  // SUPPORT suspends users
  BOOST_TEST(!Contains(users.body, "id=\"tb-delete\""));  // but neither deletes them
  BOOST_TEST(!Contains(users.body, "id=\"tb-new\""));     // nor creates them
  BOOST_TEST(!Contains(users.body, "id=\"tb-su\""));      // nor logs in as them
  const std::string owner = BrowserLogIn(r, kPassword);
  const HttpResponse own_users = HttpGet(Url("func=user"), Browser(owner));
  BOOST_TEST(Contains(own_users.body, "id=\"tb-delete\""));
  // The admin-only fields are not on a reseller's form, and are on the admin's.
  const HttpResponse sub_form = HttpGet(Url("func=reseller.edit"), Browser(owner));
  BOOST_TEST(!Contains(sub_form.body, "id=\"f-may_resell\""));
  BOOST_TEST(!Contains(sub_form.body, "id=\"f-owner\""));
  const std::string admin = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  BOOST_TEST(
      Contains(HttpGet(Url("func=reseller.edit"), Browser(admin)).body, "id=\"f-may_resell\""));
  // Refused, not ignored: another owner for a sub-reseller, a new owner on an edit.
  const auto elsewhere =
      reseller.Call("reseller.edit", "sok=ok&name=" + Unique("tbx") +
                                         "&passwd=" + std::string(kPassword) + "&owner=admin");
  BOOST_TEST(ErrorObjectOf(elsewhere) == "owner");
  const std::string sub = Unique("tbsub");
  BOOST_REQUIRE(IsOk(
      reseller.Call("reseller.edit", "sok=ok&name=" + sub + "&passwd=" + std::string(kPassword))));
  const auto moved = reseller.Call("user.edit", "sok=ok&elid=" + u + "&owner=" + sub);
  BOOST_TEST(ErrorObjectOf(moved) == "owner");
  BOOST_TEST(Detail(moved).find("user.move") != std::string::npos);
  BOOST_TEST(
      IsOk(reseller.Call("user.edit", "sok=ok&elid=" + u + "&owner=" + r + "&fullname=Same")));
}

BOOST_AUTO_TEST_CASE(the_new_user_form_says_first_that_no_slot_is_left) {
  const std::string r = Unique("sl");
  MakeReseller(r, "limit_users=1");
  const std::string cookie = BrowserLogIn(r, kPassword);
  BOOST_TEST(
      Contains(HttpGet(Url("func=user.edit"), Browser(cookie)).body, "1 of 1 user slots left"));
  MakeUser(As::Login(r, kPassword), Unique("slu"));
  const HttpResponse form = HttpGet(Url("func=user.edit&lang=ru"), Browser(cookie));
  BOOST_TEST(Contains(form.body, "id=\"slots\""));
  BOOST_TEST(Contains(form.body, "Мест для пользователей не осталось"));
}

// Issue 20: a staff login's settings page has only its own fields, and changing its password
// through that page works (the company's fields, which it may not change, are not posted).
BOOST_AUTO_TEST_CASE(a_staff_login_changes_its_own_settings_through_the_panel) {
  const std::string r = Unique("st");
  MakeReseller(r);
  const std::string staff = Unique("st.s");
  BOOST_REQUIRE(IsOk(As::Login(r, kPassword)
                         .Call("login.edit", "sok=ok&name=" + staff +
                                                 "&passwd=" + std::string(kPassword) + "&group=")));
  const std::string cookie = BrowserLogIn(staff, kPassword);
  const HttpResponse page = HttpGet(Url("func=usrparam"), Browser(cookie));
  BOOST_TEST(Contains(page.body, "id=\"f-fullname\""));
  BOOST_TEST(!Contains(page.body, "id=\"f-company\""));
  BOOST_TEST(!Contains(page.body, "id=\"f-phone\""));
  const HttpResponse saved = HttpPost(
      Url(""),
      "func=usrparam&sok=ok&fullname=Sam&email=&lang=en&oldpasswd=" + std::string(kPassword) +
          "&passwd=n3w-staff-pass&confirm=n3w-staff-pass&csrf=" + CsrfOf(cookie),
      Browser(cookie));
  BOOST_TEST(saved.status == 303);
  BOOST_TEST(!ErrorOf(As::Login(staff, "n3w-staff-pass").Call("whoami")));
  // The owner's page has the company's fields.
  const std::string owner = BrowserLogIn(r, kPassword);
  BOOST_TEST(Contains(HttpGet(Url("func=usrparam"), Browser(owner)).body, "id=\"f-company\""));
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 27: "Generate" beside a new password posts the form back (no script needed): the same
// form, a strong password in both fields and shown once to copy; nothing is made until the form
// is sent, and then the account has that password.
BOOST_AUTO_TEST_SUITE(panel_passwords)

std::string Unescaped(std::string text) {
  for (const auto& [entity, plain] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (std::size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at))
      text.replace(at, entity.size(), plain), at += plain.size();
  }
  return text;
}

BOOST_AUTO_TEST_CASE(generate_posts_the_form_back_with_a_strong_password_shown_once) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const std::string csrf = CsrfOf(cookie);
  const std::string name = Unique("gen");
  const HttpResponse form =
      HttpPost(Url(""), "func=reseller.edit&sok=ok&generate=on&name=" + name + "&csrf=" + csrf,
               Browser(cookie));
  BOOST_TEST_REQUIRE(form.status == 200);
  const std::size_t shown = form.body.find("id=\"generated-password\"");
  BOOST_TEST_REQUIRE(shown != std::string::npos);
  const std::size_t code = form.body.find("<code>", shown) + 6;
  const std::string escaped = form.body.substr(code, form.body.find("</code>", code) - code);
  const std::string password = Unescaped(escaped);
  BOOST_TEST(password.size() >= 12u);
  // In both password fields, and the name typed is kept.
  std::size_t in_fields = 0;
  for (std::size_t at = form.body.find("value=\"" + escaped + "\""); at != std::string::npos;
       at = form.body.find("value=\"" + escaped + "\"", at + 1))
    ++in_fields;
  BOOST_TEST(in_fields == 2u);
  BOOST_TEST(Contains(form.body, "value=\"" + name + "\""));
  // The server's rule takes it.
  const pugi::xml_document rated =
      HttpPost(Url("func=password.strength&out=xml"), "passwd=" + UrlEncode(password)).Xml();
  BOOST_TEST(std::string(rated.child("doc").child("strength").attribute("acceptable").value()) ==
             "on");
  // Nothing was made yet.
  BOOST_TEST(ErrorOf(As::Admin().Call("reseller.edit", "elid=" + name)));
  // Sent as it stands: the account, with that password.
  const HttpResponse sent =
      HttpPost(Url(""),
               "func=reseller.edit&sok=ok&name=" + name + "&passwd=" + UrlEncode(password) +
                   "&confirm=" + UrlEncode(password) + "&csrf=" + csrf,
               Browser(cookie));
  BOOST_TEST(sent.status == 303);
  BOOST_TEST(As::Login(name, password).Call("whoami").child("doc").child("user"));
}

BOOST_AUTO_TEST_CASE(a_weak_password_is_refused_beside_its_field_saying_what_is_weak) {
  const std::string cookie = BrowserLogIn(TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const std::string name = Unique("weak");
  const HttpResponse page =
      HttpPost(Url(""),
               "func=reseller.edit&sok=ok&name=" + name + "&passwd=password1&confirm=password1" +
                   "&csrf=" + CsrfOf(cookie),
               Browser(cookie));
  BOOST_TEST(Contains(page.body, "id=\"error-passwd\""));
  BOOST_TEST(Contains(page.body, "dictionary"));
  BOOST_TEST(
      !Contains(page.body, "password1"));  // what was typed in a password field is not echoed
  BOOST_TEST(ErrorOf(As::Admin().Call("reseller.edit", "elid=" + name)));
}

BOOST_AUTO_TEST_SUITE_END()
