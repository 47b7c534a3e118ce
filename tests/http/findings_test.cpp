// Issue 20 over the real stack: what unmodified ISPmanager billing modules tripped on (the
// reseller's own client account among its users, empty cells, "OK " in out=text, the ISP4
// database limit names) and what the outside security run found (a staff login taking over its
// owner, second-factor codes limited per address only, staff acting on logins and groups that
// hold more than they do, su + usrparam as a way around rights, rebranding that could not be
// withdrawn, the throttle's counts outliving their requests). Each test failed before its change.

#include <boost/test/unit_test.hpp>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/mail.h"
#include "http/money.h"
#include "http/organisation.h"

using namespace resellermgr::testing;

namespace {

long long AccountsOf(const pugi::xml_document& dashboard, int level) {
  for (pugi::xml_node counts : dashboard.child("doc").children("accounts"))
    if (counts.attribute("level").as_int() == level) return counts.attribute("total").as_llong();
  return 0;
}

HttpResponse PostFrom(const std::string& ip, const std::string& body) {
  return HttpPost(TestEnv("BASE_URL") + "/ispmgr", body,
                  {.source_ip = ip, .content_type = "application/x-www-form-urlencoded"});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(isp_clients)

BOOST_AUTO_TEST_CASE(the_own_client_account_is_no_row_no_count_and_has_its_own_place) {
  const long long users_before = AccountsOf(As::Admin().Call("dashboard"), 16);
  const std::string r = Unique("fo"), own = r + "-own";
  MakeReseller(r, "limit_users=1&email=" + r + "%40own.test");
  const As reseller = As::Login(r, kPassword);
  // A fresh reseller sold nothing: no row, p_elems 0, in its list and in the admin's.
  const auto mine = reseller.Call("user");
  BOOST_TEST(!mine.child("doc").child("elem"));
  BOOST_TEST(mine.child("doc").child_value("p_elems") == std::string("0"));
  const auto by_owner = As::Admin().Call("user", "owner=" + r);
  BOOST_TEST(!FindRow(by_owner, own));
  BOOST_TEST(!FindRow(As::Admin().Call("user", "p_cnt=1000&name=" + r), own));
  BOOST_TEST(AccountsOf(As::Admin().Call("dashboard"), 16) == users_before);
  const auto home = reseller.Call("dashboard");
  BOOST_TEST(AccountsOf(home, 16) == 0);
  // Its own place on the reseller's home, and reachable by name.
  BOOST_TEST(home.child("doc").child("own_client").attribute("name").value() == own);
  BOOST_TEST(static_cast<bool>(FindRow(reseller.Call("user", "elid=" + own), own)));
  BOOST_TEST(reseller.Call("user.edit", "elid=" + own).child("doc").child_value("own_client") ==
             std::string("on"));
  // The users limit of one is the one account it sells; the list then counts exactly it.
  const std::string u = Unique("fou");
  MakeUser(reseller, u);
  const auto after = reseller.Call("user");
  BOOST_TEST(after.child("doc").child_value("p_elems") == std::string("1"));
  BOOST_TEST(static_cast<bool>(FindRow(after, u)));
  BOOST_TEST(AccountsOf(reseller.Call("dashboard"), 16) == 1);
  BOOST_TEST(AccountsOf(As::Admin().Call("dashboard"), 16) == users_before + 1);
  // Deleting the reseller (and its user, and its own account) leaves the admin's count as it was.
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.delete", "elid=" + r + "&cascade=on")));
  BOOST_TEST(AccountsOf(As::Admin().Call("dashboard"), 16) == users_before);
}

BOOST_AUTO_TEST_CASE(a_cell_without_a_value_is_left_out_in_every_format) {
  const std::string u = Unique("fe");
  MakeUser(As::Admin(), u);  // no quota of its own
  const auto xml = As::Admin().Call("user", "elid=" + u);
  const pugi::xml_node row = FindRow(xml, u);
  BOOST_REQUIRE(static_cast<bool>(row));
  BOOST_TEST(!row.child("quota_total"));
  BOOST_TEST(!row.child("preset"));
  for (pugi::xml_node cell : row.children())
    BOOST_TEST(
        (cell.first_child() || cell.first_attribute() || std::string(cell.name()) == "disabled"),
        "empty cell " << cell.name());
  const auto json = HttpGet(Url(AdminAuthinfo() + "&func=user&out=json&elid=" + u)).Json();
  BOOST_TEST(!json["doc"]["elem"][0].contains("quota_total"));
  BOOST_TEST(json["doc"]["elem"][0]["name"]["$"] == u);
  const std::string text = HttpGet(Url(AdminAuthinfo() + "&func=user&out=text&elid=" + u)).body;
  BOOST_TEST(text.find("name=" + u) != std::string::npos);
  BOOST_TEST(text.find("quota_total=") == std::string::npos);
  // With a quota of its own the cell is there.
  BOOST_REQUIRE(IsOk(As::Admin().Call("user.edit", "sok=ok&elid=" + u + "&limit_quota=500")));
  BOOST_TEST(FindRow(As::Admin().Call("user", "elid=" + u), u).child_value("quota_total") ==
             std::string("500"));
}

BOOST_AUTO_TEST_CASE(text_success_is_exactly_three_bytes) {
  const std::string u = Unique("ft");
  MakeUser(As::Admin(), u);
  const HttpResponse ok = HttpGet(Url(AdminAuthinfo() + "&func=user.suspend&out=text&elid=" + u));
  BOOST_TEST(ok.body == "OK ");
  BOOST_TEST(ok.body.size() == 3u);
  const HttpResponse error =
      HttpGet(Url(AdminAuthinfo() + "&func=user.suspend&out=text&elid=" + Unique("none")));
  BOOST_TEST(error.body.starts_with("ERROR "));
}

BOOST_AUTO_TEST_CASE(isp4_database_limit_names_are_accepted_beside_the_others) {
  const std::string r = Unique("fl");
  MakeReseller(r, "baselimit=7&baseuserlimit=9&disklimit=2048");
  const auto form = As::Admin().Call("reseller.edit", "elid=" + r);
  BOOST_TEST(form.child("doc").child_value("limit_db") == std::string("7"));
  BOOST_TEST(form.child("doc").child_value("limit_db_users") == std::string("9"));
  BOOST_TEST(form.child("doc").child_value("limit_quota") == std::string("2048"));
  // The ISP5 name wins when both come; a bad value names the field the client sent.
  BOOST_REQUIRE(
      IsOk(As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&limit_db=3&baselimit=4")));
  BOOST_TEST(As::Admin().Call("reseller.edit", "elid=" + r).child("doc").child_value("limit_db") ==
             std::string("3"));
  const auto bad = As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&baseuserlimit=many");
  BOOST_TEST(ErrorType(bad) == "value");
  BOOST_TEST(ErrorObjectOf(bad) == "baseuserlimit");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(security_findings)

BOOST_AUTO_TEST_CASE(staff_without_rights_cannot_take_over_the_owner_through_usrparam) {
  Company c;
  const std::string owner_mail = c.r + "@owner.test";
  BOOST_REQUIRE(IsOk(
      As::Admin().Call("reseller.edit", "sok=ok&elid=" + c.r + "&email=" + UrlEncode(owner_mail))));
  const std::string staff = Unique("sa.none");
  const As none = c.Staff(staff, "");
  const std::string evil = staff + "@evil.test";
  // Its own e-mail and name: yes. The company's fields and address lock: refused, not ignored.
  BOOST_TEST(IsOk(none.Call("usrparam", "sok=ok&email=" + UrlEncode(evil) + "&fullname=Sam")));
  BOOST_TEST(Count("SELECT COUNT(*) FROM outbox_event WHERE kind = 'login.changed' AND target = ?",
                   c.r) == 1);
  const auto form = none.Call("usrparam");
  BOOST_TEST(form.child("doc").child_value("email") == evil);
  BOOST_TEST(!form.child("doc").child("company"));
  for (const std::string field : {"company=Evil", "address=x", "allowed_ips=192.0.2.1"}) {
    const auto refused = none.Call("usrparam", "sok=ok&" + field);
    BOOST_TEST(ErrorType(refused) == "access", field);
  }
  BOOST_TEST(As::Admin().Call("reseller.edit", "elid=" + c.r).child("doc").child_value("email") ==
             owner_mail);
  BOOST_TEST(!ErrorOf(c.owner.Call("whoami")));  // the company is not locked out
  // A reset link goes to the login's own address only: the owner's to the owner.
  const std::string ip = FreshIp();
  BOOST_REQUIRE(IsOk(PostFrom(ip, "func=password.reset&sok=ok&username=" + c.r).Xml()));
  BOOST_TEST(MailTo(owner_mail, "").size() == 1u);
  BOOST_REQUIRE(IsOk(PostFrom(ip, "func=password.reset&sok=ok&username=" + staff).Xml()));
  BOOST_TEST(MailTo(evil, "").size() == 1u);
  // The owner itself changes its company's details.
  BOOST_TEST(IsOk(c.owner.Call("usrparam", "sok=ok&company=Own%20Co")));
  BOOST_TEST(c.owner.Call("usrparam").child("doc").child_value("company") == std::string("Own Co"));
  // A user cannot lift the address lock its reseller set.
  BOOST_REQUIRE(IsOk(c.owner.Call("user.edit", "sok=ok&elid=" + c.u + "&allowed_ips=127.0.0.0/8")));
  const As user = As::Login(c.u, kPassword);
  BOOST_TEST(ErrorObjectOf(user.Call("usrparam", "sok=ok&allowed_ips=")) == "allowed_ips");
  BOOST_TEST(c.owner.Call("user.edit", "elid=" + c.u).child("doc").child_value("allowed_ips") ==
             std::string("127.0.0.0/8"));
}

BOOST_AUTO_TEST_CASE(second_factor_codes_are_limited_per_login_whatever_the_address) {
  Company c;
  const auto [secret, recovery] = Enrol(c.owner);
  // Identity changes go through the change funnel too (issue 21): an event, not only a row.
  BOOST_TEST(Count("SELECT COUNT(*) FROM outbox_event WHERE kind = 'login.totp_enabled' AND "
                   "target = ?",
                   c.r) == 1);
  // Right password, wrong code, each from an address of its own: five are checked (the login's
  // limit), then codes are refused unchecked from any address, the right one included.
  int checked = 0, throttled = 0;
  for (int i = 0; i < 8; ++i) {
    const std::string object = ErrorObjectOf(Refused(c.owner, "whoami", "totp=000000"));
    checked += object == "totp";
    throttled += object == "throttled";
  }
  BOOST_TEST(checked == 5);
  BOOST_TEST(throttled == 3);
  BOOST_TEST(ErrorObjectOf(Refused(c.owner, "whoami", "totp=" + CodeAt(secret, 0))) == "throttled");
  BOOST_TEST(Count("SELECT failures FROM auth_failure WHERE scope = 'totp' AND subject = ?", c.r) ==
             5);
}

BOOST_AUTO_TEST_CASE(staff_act_only_on_logins_and_groups_their_rights_cover) {
  Company c;
  const std::string money = Unique("money"), clerks = Unique("clerks");
  BOOST_REQUIRE(IsOk(c.owner.Call(
      "group.edit", "sok=ok&name=" + money + "&rights=wallets:read,wallets:edit,users:read")));
  BOOST_REQUIRE(IsOk(c.owner.Call("group.edit", "sok=ok&name=" + clerks +
                                                    "&rights=logins:read,logins:edit,groups:read,"
                                                    "groups:edit,groups:delete,logins:suspend")));
  const std::string cashier = Unique("cashier"), clerk = Unique("clerk"), peer = Unique("peer");
  c.Staff(cashier, money);
  c.Staff(peer, clerks);
  const As as_clerk = c.Staff(clerk, clerks);
  for (const std::string query : {"sok=ok&elid=" + cashier + "&passwd=t4ken-over-pass",
                                  "sok=ok&elid=" + cashier + "&totp_reset=on",
                                  "sok=ok&elid=" + cashier + "&email=x%40evil.test"}) {
    const auto refused = as_clerk.Call("login.edit", query);
    BOOST_TEST(ErrorType(refused) == "access", query);
    BOOST_TEST(ErrorObjectOf(refused) == "grant", query);
  }
  BOOST_TEST(ErrorObjectOf(as_clerk.Call("login.suspend", "elid=" + cashier)) == "grant");
  BOOST_TEST(!ErrorOf(As::Login(cashier, kPassword).Call("whoami")));
  // A login its rights cover: yes.
  BOOST_TEST(IsOk(as_clerk.Call("login.edit", "sok=ok&elid=" + peer + "&fullname=Pat")));
  // A group that holds more: neither stripped nor deleted.
  BOOST_TEST(ErrorObjectOf(as_clerk.Call(
                 "group.edit", "sok=ok&elid=" + money + "&rights=groups:read")) == "grant");
  BOOST_TEST(ErrorObjectOf(as_clerk.Call("group.delete", "elid=" + money)) == "grant");
  BOOST_TEST(c.owner.Call("group.edit", "elid=" + money).child("doc").child_value("rights") ==
             std::string("users:read,wallets:read,wallets:edit"));
}

BOOST_AUTO_TEST_CASE(su_and_usrparam_are_an_edit_of_that_account_by_the_real_login) {
  Company c;
  const std::string readers = Unique("readers");
  // It reads users and may log in as them, but not change them.
  BOOST_REQUIRE(IsOk(
      c.owner.Call("group.edit", "sok=ok&name=" + readers + "&rights=users:read,login_as:edit")));
  const std::string reader = Unique("reader");
  const As as_reader = c.Staff(reader, readers);
  // One-shot su= and a switched session: both refused a change of the client's settings.
  BOOST_TEST(ErrorType(as_reader.Call("usrparam",
                                      "su=" + c.u + "&sok=ok&passwd=t4ken-over-pass")) == "access");
  BOOST_TEST(ErrorType(as_reader.Call("usrparam", "su=" + c.u + "&sok=ok&email=x%40evil.test")) ==
             "access");
  const std::string sid =
      HttpPost(Url("func=auth&out=xml"), "username=" + reader + "&password=" + kPassword)
          .Xml()
          .child("doc")
          .child_value("auth");
  BOOST_REQUIRE(!sid.empty());
  BOOST_REQUIRE(IsOk(As::Session(sid).Call("user.su", "elid=" + c.u)));
  BOOST_TEST(ErrorType(As::Session(sid).Call("usrparam", "sok=ok&passwd=t4ken-over-pass")) ==
             "access");
  BOOST_TEST(!ErrorOf(As::Login(c.u, kPassword).Call("whoami")));  // its password is unchanged
  // The owner, who may edit users, changes it through su.
  BOOST_TEST(IsOk(c.owner.Call("usrparam", "su=" + c.u + "&sok=ok&fullname=Client")));
}

BOOST_AUTO_TEST_CASE(credit_given_to_sub_resellers_stays_within_the_parents) {
  Books b;
  const std::string s2 = Unique("ms");
  BOOST_REQUIRE(
      IsOk(b.reseller.Call("reseller.edit", "sok=ok&name=" + s2 + "&passwd=" + kPassword)));
  BOOST_REQUIRE(IsOk(As::Admin().Call("wallet.edit", "sok=ok&elid=" + b.r + "&credit_limit=100")));
  BOOST_TEST(IsOk(b.reseller.Call("wallet.edit", "sok=ok&elid=" + b.s + "&credit_limit=70")));
  // Each up to the parent's limit, but not their sum.
  const auto over = b.reseller.Call("wallet.edit", "sok=ok&elid=" + s2 + "&credit_limit=70");
  BOOST_TEST(ErrorType(over) == "limit");
  BOOST_TEST(Detail(over) == "70.00 asked, 30.00 left of your credit limit 100.00");
  BOOST_TEST(IsOk(b.reseller.Call("wallet.edit", "sok=ok&elid=" + s2 + "&credit_limit=30")));
  // The parent's limit is not lowered below what it has given.
  const auto lower = As::Admin().Call("wallet.edit", "sok=ok&elid=" + b.r + "&credit_limit=50");
  BOOST_TEST(ErrorType(lower) == "limit");
  BOOST_TEST(Detail(lower) == "its accounts are given 100.00 of credit; lower theirs first");
  BOOST_TEST(IsOk(b.reseller.Call("wallet.edit", "sok=ok&elid=" + b.s + "&credit_limit=20")));
  BOOST_TEST(IsOk(As::Admin().Call("wallet.edit", "sok=ok&elid=" + b.r + "&credit_limit=50")));
}

BOOST_AUTO_TEST_CASE(the_admin_withdraws_rebranding_and_the_brand_goes_dark) {
  const std::string r = Unique("fb");
  MakeReseller(r);
  BOOST_REQUIRE(IsOk(As::Admin().Call("brand.edit", "sok=ok&elid=" + r + "&allowed=on")));
  const As reseller = As::Login(r, kPassword);
  BOOST_REQUIRE(IsOk(reseller.Call("brand.edit", "sok=ok&brand_name=Shiny")));
  BOOST_TEST(IsOk(As::Admin().Call("brand.edit", "sok=ok&elid=" + r + "&allowed=off")));
  const auto form = As::Admin().Call("brand.edit", "elid=" + r);
  BOOST_TEST(form.child("doc").child_value("allowed") == std::string("off"));
  // The reseller cannot turn it back on, nor change a brand it may not have.
  BOOST_TEST(IsOk(As::Admin().Call("brand.edit", "sok=ok&elid=" + r + "&allowed=on")));
  // Neither the panel's own host nor a reserved name can be taken as a brand's domain.
  for (const std::string domain :
       {std::string("127.0.0.1"), std::string("billing.hoster.test"),
        std::string("panel.hoster.test"), std::string("eu.panel.hoster.test")}) {
    const auto taken = reseller.Call("brand.edit", "sok=ok&domain=" + domain);
    BOOST_TEST((ErrorType(taken) == "exists" || ErrorType(taken) == "value"), domain);
  }
  BOOST_TEST(ErrorObjectOf(reseller.Call("brand.edit", "sok=ok&domain=billing.hoster.test")) ==
             "domain");
  BOOST_TEST(IsOk(reseller.Call("brand.edit", "sok=ok&domain=" + r + ".example.test")));
  // The form says whether the domain reaches this panel (it does not resolve here).
  BOOST_TEST(reseller.Call("brand.edit").child("doc").child_value("domain_points_here") ==
             std::string("no"));
  BOOST_TEST(IsOk(As::Admin().Call("brand.edit", "sok=ok&elid=" + r + "&allowed=off")));
  BOOST_TEST(ErrorType(reseller.Call("brand.edit", "sok=ok&brand_name=Again")) == "access");
  BOOST_TEST(ErrorType(reseller.Call("brand.edit", "sok=ok&allowed=on")) == "access");
}

BOOST_AUTO_TEST_CASE(a_right_password_refused_by_the_throttle_is_no_new_failure) {
  Company c;
  for (int i = 0; i < 5; ++i)
    BOOST_TEST(ErrorObjectOf(Refused(As::Login(c.r, "wrong-pass"), "whoami")) == "badpassword");
  // Over the limit the right password is refused, again and again, but never counted.
  for (int i = 0; i < 4; ++i) BOOST_TEST(ErrorObjectOf(Refused(c.owner, "whoami")) == "throttled");
  BOOST_TEST(Count("SELECT failures + pending FROM auth_failure WHERE scope = 'login' AND "
                   "subject = ?",
                   c.r) == 5);
  // Reset requests spend a budget of their own: twelve of them do not throttle a login from
  // the same address.
  const std::string ip = FreshIp();
  for (int i = 0; i < 12; ++i)
    PostFrom(ip, "func=password.reset&sok=ok&username=" + Unique("nobody"));
  const As other = As::Login(Company().r, kPassword);
  BOOST_TEST(!ErrorOf(CallFrom(ip, other, "whoami")));
}

BOOST_AUTO_TEST_SUITE_END()

// The decisions (they were open questions).
BOOST_AUTO_TEST_SUITE(decisions)

BOOST_AUTO_TEST_CASE(log_in_as_is_a_right_of_its_own) {
  Company c;
  const As support = c.Staff(Unique("sup"), "SUPPORT");
  const As sales = c.Staff(Unique("sal"), "SALES");
  // SUPPORT reads users but does not log in as them, by any way in.
  BOOST_TEST(ErrorType(support.Call("user.su", "elid=" + c.u)) == "access");
  BOOST_TEST(ErrorType(support.Call("su", "elid=" + c.u)) == "access");
  BOOST_TEST(ErrorType(support.Call("whoami", "su=" + c.u)) == "access");
  BOOST_TEST(ErrorType(support.Call("session.newkey", "username=" + c.u + "&key=" +
                                                          std::string(32, 'a'))) == "access");
  BOOST_TEST(!ErrorOf(support.Call("user", "elid=" + c.u)));
  // SALES does; the group editor grants it to a group of one's own.
  BOOST_TEST(!ErrorOf(sales.Call("user.su", "elid=" + c.u)));
  const std::string helpers = Unique("helpers");
  BOOST_REQUIRE(IsOk(
      c.owner.Call("group.edit", "sok=ok&name=" + helpers + "&users_read=on&login_as_edit=on")));
  BOOST_TEST(c.owner.Call("group.edit", "elid=" + helpers).child("doc").child_value("rights") ==
             std::string("users:read,login_as:edit"));
  const As helper = c.Staff(Unique("hlp"), helpers);
  BOOST_TEST(std::string(helper.Call("whoami", "su=" + c.u).child("doc").child_value("user")) ==
             c.u);
}

BOOST_AUTO_TEST_CASE(overselling_is_given_only_by_a_parent_that_has_it) {
  Company c;
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.edit", "sok=ok&elid=" + c.r + "&may_resell=on")));
  const std::string sub = Unique("os");
  BOOST_REQUIRE(IsOk(
      c.owner.Call("reseller.edit", "sok=ok&name=" + sub + "&passwd=" + std::string(kPassword))));
  const auto refused = c.owner.Call("reseller.edit", "sok=ok&elid=" + sub + "&oversell=on");
  BOOST_TEST(ErrorType(refused) == "access");
  BOOST_TEST(ErrorObjectOf(refused) == "oversell");
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.edit", "sok=ok&elid=" + c.r + "&oversell=on")));
  BOOST_TEST(IsOk(c.owner.Call("reseller.edit", "sok=ok&elid=" + sub + "&oversell=on")));
}

BOOST_AUTO_TEST_CASE(a_reseller_with_money_in_its_wallet_is_not_deleted) {
  Company c;
  BOOST_REQUIRE(
      IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + c.r + "&amount=12.34&reference=" + Key())));
  const auto refused = As::Admin().Call("reseller.delete", "elid=" + c.r + "&cascade=on");
  BOOST_TEST(ErrorType(refused) == "exists");
  BOOST_TEST(ErrorObjectOf(refused) == "balance");
  BOOST_TEST(Detail(refused).find("12.34") != std::string::npos);
  BOOST_TEST(Detail(refused).find("wallet.withdraw") != std::string::npos);
  const auto ru = As::Admin().Call("reseller.delete", "elid=" + c.r + "&cascade=on&lang=ru");
  BOOST_TEST(Detail(ru).find("12.34") != std::string::npos);
  BOOST_TEST(Detail(ru).find("wallet.withdraw") != std::string::npos);
  BOOST_TEST(Detail(ru).find("withdraw it") == std::string::npos);
  BOOST_TEST(static_cast<bool>(FindRow(As::Admin().Call("reseller", "elid=" + c.r), c.r)));
  // Settled (the admin takes the money back), it goes.
  BOOST_REQUIRE(IsOk(Pay(As::Admin(), "wallet.withdraw", "sok=ok&elid=" + c.r + "&amount=12.34")));
  BOOST_TEST(IsOk(As::Admin().Call("reseller.delete", "elid=" + c.r + "&cascade=on")));
  RequireBalancedBooks();
}

BOOST_AUTO_TEST_SUITE_END()

// The panel as an operator walked it: what the pages show comes from these replies.
BOOST_AUTO_TEST_SUITE(panel_findings)

BOOST_AUTO_TEST_CASE(support_lists_say_who_wrote_and_the_admin_sees_what_is_addressed_to_it) {
  const std::string r = Unique("ts"), u = Unique("tsu");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  MakeUser(reseller, u, "email=" + u + "%40client.test");
  BOOST_REQUIRE(IsOk(reseller.Call("vendor.edit", "sok=ok&support_by=reseller")));
  const auto board_before = As::Admin().Call("dashboard");
  const long long open_before =
      board_before.child("doc").child("tickets").attribute("open").as_llong();
  const auto opened =
      As::Login(u, kPassword).Call("ticket.new", "sok=ok&subject=Help&priority=high&text=Down");
  BOOST_REQUIRE(IsOk(opened));
  const std::string id = opened.child("doc").child_value("id");
  // The reseller's list: written by the client, to the reseller.
  const auto mine = reseller.Call("ticket");
  pugi::xml_node row;
  for (pugi::xml_node elem : mine.child("doc").children("elem"))
    if (std::string(elem.child_value("id")) == id) row = elem;
  BOOST_TEST(row.child_value("author") == u);
  BOOST_TEST(row.child_value("account") == r);
  // Not the admin's conversation: not in its list or its count, unless it asks for all.
  const auto admins = As::Admin().Call("ticket");
  for (pugi::xml_node elem : admins.child("doc").children("elem"))
    BOOST_TEST(std::string(elem.child_value("id")) != id);
  BOOST_TEST(
      As::Admin().Call("dashboard").child("doc").child("tickets").attribute("open").as_llong() ==
      open_before);
  bool listed = false;
  const pugi::xml_document all = As::Admin().Call("ticket", "all=on");
  for (pugi::xml_node elem : all.child("doc").children("elem"))
    listed = listed || std::string(elem.child_value("id")) == id;
  BOOST_TEST(listed);
  BOOST_TEST(!ErrorOf(As::Admin().Call("ticket.edit", "elid=" + id)));  // still reachable
  // A message to a user is mailed to it.
  BOOST_REQUIRE(IsOk(
      reseller.Call("user.message", "sok=ok&elid=" + u + "&subject=Maintenance&text=Tonight")));
  const std::vector<Received> mail = MailTo(u + "@client.test", "Maintenance");
  BOOST_REQUIRE_EQUAL(mail.size(), 1u);
  BOOST_TEST(mail[0].body.find("Tonight") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(errors_name_fields_and_functions_as_the_panel_does) {
  const auto bad =
      As::Admin().Call("reseller.edit", "sok=ok&name=" + Unique("el") + "&passwd=" + kPassword +
                                            "&limit_quota=lots");
  BOOST_TEST(ErrorObjectOf(bad) == "limit_quota");  // clients read the name
  BOOST_TEST(ErrorOf(bad).child_value("msg") ==
             std::string("Invalid value of the field 'Disk quota, MiB'"));
  const auto ru =
      As::Admin().Call("reseller.edit", "sok=ok&name=" + Unique("el") + "&passwd=" + kPassword +
                                            "&limit_quota=lots&lang=ru");
  BOOST_TEST(std::string(ErrorOf(ru).child_value("msg")).find("limit_quota") == std::string::npos);
  Company c;
  const As support = c.Staff(Unique("sp"), "SUPPORT");
  const auto refused = support.Call("user.delete", "elid=" + c.u);
  BOOST_TEST(ErrorObjectOf(refused) == "permission");
  BOOST_TEST(ErrorOf(refused).child_value("msg") ==
             std::string("Your permission group does not allow 'Users: Delete'"));
  BOOST_TEST(ErrorValue(refused) == "user.delete");
  // One unit parser for every limit field: a template takes what the reseller form takes.
  const std::string t = Unique("tp");
  BOOST_TEST(IsOk(As::Admin().Call("preset.edit", "sok=ok&name=" + t + "&limit_quota=" +
                                                      UrlEncode("5 GiB") + "&limit_traff=1.5T")));
  const auto preset = As::Admin().Call("preset.edit", "elid=" + t);
  BOOST_TEST(preset.child("doc").child_value("limit_quota") == std::string("5120"));
  BOOST_TEST(preset.child("doc").child_value("limit_traff") == std::string("1572864"));
}

BOOST_AUTO_TEST_CASE(an_end_users_home_speaks_of_what_a_user_has) {
  const std::string r = Unique("eu"), u = Unique("euu");
  MakeReseller(r, "limit_quota=1000&email=" + r + "%40provider.test");
  MakeUser(As::Login(r, kPassword), u);
  const auto home = As::Login(u, kPassword).Call("dashboard");
  bool quota = false;
  for (pugi::xml_node limit : home.child("doc").children("limit")) {
    BOOST_TEST(std::string(limit.attribute("name").value()) != "limit_users");
    BOOST_TEST(!limit.attribute("allocated"));
    if (std::string(limit.attribute("name").value()) == "limit_quota") {
      quota = true;
      BOOST_TEST(limit.attribute("limit").value() == std::string(""));
      BOOST_TEST(limit.attribute("owner_limit").value() == std::string("1000"));
    }
  }
  BOOST_TEST(quota);
  // With no contacts set above it (the host has no address), the provider's own.
  const pugi::xml_node support = home.child("doc").child("support");
  BOOST_TEST(!std::string(support.attribute("email").value()).empty());
  BOOST_TEST(!std::string(support.attribute("provider").value()).empty());
  // A reseller's home still shows what it gave out.
  const auto reseller_home = As::Login(r, kPassword).Call("dashboard");
  BOOST_TEST(static_cast<bool>(reseller_home.child("doc").child("limit").attribute("allocated")));
}

BOOST_AUTO_TEST_CASE(the_admins_reports_have_a_menu_entry_and_a_month_picker) {
  const auto report = As::Admin().Call("report");
  BOOST_TEST(!ErrorOf(report));
  for (pugi::xml_node row : report.child("doc").children("elem"))
    BOOST_TEST(std::string(row.child_value("month")) ==
               std::string(report.child("doc").child("elem").child_value("month")));
}

BOOST_AUTO_TEST_CASE(sub_resellers_are_not_users_and_take_only_what_they_are_given) {
  const std::string r = Unique("us");
  MakeReseller(r, "limit_users=3&may_resell=on");
  const As reseller = As::Login(r, kPassword);
  const std::string s = Unique("uss");
  BOOST_REQUIRE(
      IsOk(reseller.Call("reseller.edit", "sok=ok&name=" + s + "&passwd=" + std::string(kPassword) +
                                              "&limit_users=1")));
  MakeUser(reseller, Unique("usu"));
  MakeUser(reseller, Unique("usu"));
  // Two of its own and one given: nothing left, and the refusal says what takes the slots.
  const auto full = reseller.Call(
      "user.edit", "sok=ok&name=" + Unique("usu") + "&passwd=" + std::string(kPassword));
  BOOST_TEST(ErrorObjectOf(full) == "limit_users");
  BOOST_TEST(Detail(full) ==
             "1 asked, 0 left (2 users of your own, 1 given to sub-resellers, of 3)");
  // One number for its users: the list, the dashboard and the limits table agree.
  BOOST_TEST(FindRow(As::Admin().Call("reseller", "elid=" + r), r).child_value("users") ==
             std::string("2 / 3"));
  const auto home = reseller.Call("dashboard");
  for (pugi::xml_node limit : home.child("doc").children("limit")) {
    if (std::string(limit.attribute("name").value()) != "limit_users") continue;
    BOOST_TEST(limit.attribute("used").as_int() == 2);
    BOOST_TEST(limit.attribute("allocated").as_int() == 1);
  }
  // The new-user form says so before it is filled.
  const pugi::xml_document form = reseller.Call("user.edit");
  const pugi::xml_node slots = form.child("doc").child("slots");
  BOOST_TEST(slots.attribute("left").as_int() == 0);
  BOOST_TEST(slots.attribute("given").as_int() == 1);
  // The sub-reseller has its one slot.
  const As sub = As::Login(s, kPassword);
  MakeUser(sub, Unique("usv"));
  BOOST_TEST(ErrorObjectOf(sub.Call("user.edit", "sok=ok&name=" + Unique("usv") + "&passwd=" +
                                                     std::string(kPassword))) == "limit_users");
  // A sub-reseller with no users limit of its own draws on its parent's, one user at a time.
  const std::string r2 = Unique("us");
  MakeReseller(r2, "limit_users=2&may_resell=on");
  const As reseller2 = As::Login(r2, kPassword);
  const std::string s2 = Unique("uss");
  BOOST_REQUIRE(IsOk(
      reseller2.Call("reseller.edit", "sok=ok&name=" + s2 + "&passwd=" + std::string(kPassword))));
  MakeUser(reseller2, Unique("usu"));
  const As sub2 = As::Login(s2, kPassword);
  MakeUser(sub2, Unique("usv"));
  BOOST_TEST(ErrorObjectOf(sub2.Call("user.edit", "sok=ok&name=" + Unique("usv") + "&passwd=" +
                                                      std::string(kPassword))) == "limit_users");
  BOOST_TEST(ErrorObjectOf(reseller2.Call("user.edit", "sok=ok&name=" + Unique("usu") +
                                                           "&passwd=" + std::string(kPassword))) ==
             "limit_users");
  // A reseller owning only a sub-reseller still owns an account: no delete without cascade.
  const std::string r3 = Unique("us");
  MakeReseller(r3, "may_resell=on");
  BOOST_REQUIRE(IsOk(As::Login(r3, kPassword)
                         .Call("reseller.edit", "sok=ok&name=" + Unique("uss") +
                                                    "&passwd=" + std::string(kPassword))));
  BOOST_TEST(ErrorType(As::Admin().Call("reseller.delete", "elid=" + r3)) == "exists");
}

BOOST_AUTO_TEST_CASE(a_seller_without_a_company_name_is_asked_for_one) {
  const std::string r = Unique("sv");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  const auto asked = reseller.Call("invoice");
  BOOST_TEST(asked.child("doc").child("advice").attribute("key").value() ==
             std::string("seller_incomplete"));
  BOOST_REQUIRE(
      IsOk(reseller.Call("usrparam", "sok=ok&company=Seller%20Ltd&address=Main%20St%201")));
  BOOST_TEST(!reseller.Call("invoice").child("doc").child("advice"));
}

BOOST_AUTO_TEST_SUITE_END()
