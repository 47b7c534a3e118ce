// Consent-based support access (issue 25 item 3) over the real stack: a company that asks for
// its consent is entered (su, user.su, su=, session.newkey) only under a grant its owner gave,
// for no longer than the grant lasts, and every audit row written there names the grant; ending
// the grant ends the su at once; an admin's override needs a reason and tells the owner by mail;
// and only the company's owner, logged in as itself, decides.

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <boost/test/unit_test.hpp>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/mail.h"

using namespace resellermgr::testing;

namespace {

constexpr char kStaffPassword[] = "Staff-pass-9876";

long long Count(const std::string& sql, const std::string& a, const std::string& b = {}) {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> s(db->prepareStatement(sql));
  s->setString(1, a);
  if (!b.empty()) s->setString(2, b);
  std::unique_ptr<sql::ResultSet> rows(s->executeQuery());
  rows->next();
  return rows->getInt64(1);
}

std::string WhoAmI(const As& as) {
  return as.Call("whoami").child("doc").child("user").attribute("name").value();
}

pugi::xml_node Grant(const As& as, const std::string& id) {
  static pugi::xml_document list;
  list = as.Call("access");
  for (pugi::xml_node row : list.child("doc").children("elem"))
    if (std::string(row.child_value("id")) == id) return row;
  return {};
}

// A reseller with a client company that asks for its consent.
struct Company {
  std::string reseller = Unique("sar"), user = Unique("sau");
  std::string email = user + "@sa.test";
  Company() {
    MakeReseller(reseller);
    MakeUser(As::Login(reseller, kPassword), user, "email=" + UrlEncode(email));
    BOOST_REQUIRE(
        IsOk(As::Login(user, kPassword).Call("usrparam", "sok=ok&su_consent_required=on")));
  }
  As Owner() const { return As::Login(user, kPassword); }
  As Reseller() const { return As::Session(LogIn(TestEnv("BASE_URL"), reseller, kPassword)); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(support_access)

BOOST_AUTO_TEST_CASE(a_company_that_asks_for_consent_is_entered_only_under_its_grant) {
  const Company c;
  BOOST_TEST(c.Owner().Call("usrparam").child("doc").child_value("su_consent_required") ==
             std::string("on"));
  const As reseller = c.Reseller();
  // Without a grant every way in is refused, and nothing changes.
  BOOST_TEST(ErrorObjectOf(reseller.Call("user.su", "elid=" + c.user)) == "grant");
  BOOST_TEST(ErrorObjectOf(reseller.Call("su", "elid=" + c.user)) == "grant");
  BOOST_TEST(ErrorObjectOf(reseller.Call("whoami", "su=" + c.user)) == "grant");
  BOOST_TEST(ErrorObjectOf(reseller.Call(
                 "session.newkey", "username=" + c.user + "&key=0123456789abcdef0123")) == "grant");
  BOOST_TEST(WhoAmI(reseller) == c.reseller);

  // The reseller asks; the owner is mailed the reason and a link.
  const auto asked = reseller.Call(
      "access.request",
      "sok=ok&elid=" + c.user + "&reason=" + UrlEncode("ticket 981: mail bounces") + "&hours=2");
  BOOST_REQUIRE_MESSAGE(IsOk(asked), Detail(asked));
  const std::string id = asked.child("doc").child_value("id");
  const auto mails = MailTo(c.email, "asks to log in as " + c.user);
  BOOST_REQUIRE_EQUAL(mails.size(), 1u);
  BOOST_TEST(mails[0].body.find("ticket 981: mail bounces") != std::string::npos);
  BOOST_TEST(mails[0].body.find("func=access") != std::string::npos);
  BOOST_TEST(Grant(c.Owner(), id).child_value("state") == std::string("pending"));
  BOOST_TEST(Grant(reseller, id).child_value("state") ==
             std::string("pending"));  // the asker's view
  BOOST_TEST(ErrorObjectOf(reseller.Call("user.su", "elid=" + c.user)) == "grant");  // still not

  // The owner grants it for an hour: the su works, for no longer than the grant.
  BOOST_REQUIRE(IsOk(c.Owner().Call("access.grant", "sok=ok&elid=" + id + "&hours=1")));
  BOOST_REQUIRE(IsOk(reseller.Call("user.su", "elid=" + c.user + "&minutes=600")));
  BOOST_TEST(WhoAmI(reseller) == c.user);
  BOOST_TEST(Count("SELECT COUNT(*) FROM session s JOIN access_grant g ON g.id = s.su_grant_id "
                   "WHERE g.id = ? AND s.su_until <= g.expires_at",
                   id) == 1);
  BOOST_REQUIRE(IsOk(reseller.Call("ticket.new", "sok=ok&subject=Fixed&priority=low&text=Done")));
  BOOST_TEST(Count("SELECT COUNT(*) FROM audit_log WHERE func = 'ticket.new' AND as_account = ? "
                   "AND params LIKE ?",
                   c.user, "su_grant=" + id + "%") == 1);
  BOOST_TEST(Count("SELECT COUNT(*) FROM audit_log WHERE func = 'user.su' AND target = ? AND "
                   "params LIKE ?",
                   c.user, "%grant=" + id + "%") == 1);
  // A one-shot su and a login key are let in under it too.
  BOOST_TEST(IsOk(As::Login(c.reseller, kPassword)
                      .Call("session.newkey", "username=" + c.user + "&key=0123456789abcdef0123")));
  BOOST_TEST(As::Login(c.reseller, kPassword)
                 .Call("whoami", "su=" + c.user)
                 .child("doc")
                 .child("user")
                 .attribute("name")
                 .value() == c.user);
  // The owner sees it was used.
  BOOST_TEST(std::stoi(Grant(c.Owner(), id).child_value("uses")) >= 3);
  BOOST_TEST(std::string(Grant(c.Owner(), id).child_value("last_used")).size() == 19u);

  // Ended by the owner: the su session acts as the reseller again at once, and no new one opens.
  BOOST_REQUIRE(IsOk(c.Owner().Call("access.revoke", "elid=" + id)));
  BOOST_TEST(WhoAmI(reseller) == c.reseller);
  BOOST_TEST(ErrorObjectOf(reseller.Call("user.su", "elid=" + c.user)) == "grant");
  BOOST_TEST(Grant(c.Owner(), id).child_value("state") == std::string("revoked"));
  // Each step is the company's event, in its subtree's feed.
  for (const char* kind : {"access.requested", "access.granted", "access.revoked"})
    BOOST_TEST(Count("SELECT COUNT(*) FROM outbox_event e JOIN account a ON a.name = ? "
                     "WHERE e.kind = ? AND e.account_id = a.id",
                     c.user, kind) == 1,
               kind);
}

BOOST_AUTO_TEST_CASE(an_admin_overrides_with_a_reason_and_the_owner_is_told_at_once) {
  const Company c;
  const As admin =
      As::Session(LogIn(TestEnv("BASE_URL"), TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD")));
  BOOST_TEST(ErrorObjectOf(admin.Call("user.su", "elid=" + c.user)) == "grant");
  BOOST_TEST(ErrorObjectOf(admin.Call("user.su", "elid=" + c.user + "&override=on")) == "reason");
  // A reseller cannot override.
  BOOST_TEST(ErrorObjectOf(c.Reseller().Call(
                 "user.su", "elid=" + c.user + "&override=on&reason=urgent")) == "override");
  BOOST_REQUIRE(IsOk(admin.Call("user.su", "elid=" + c.user + "&override=on&minutes=15&reason=" +
                                               UrlEncode("outage: spam from this account"))));
  BOOST_TEST(WhoAmI(admin) == c.user);
  const auto told = MailTo(c.email, "emergency");
  BOOST_REQUIRE_EQUAL(told.size(), 1u);
  BOOST_TEST(told[0].body.find("outage: spam from this account") != std::string::npos);
  BOOST_TEST(told[0].body.find("15 minutes") != std::string::npos);
  const auto list = c.Owner().Call("access");
  pugi::xml_node row = list.child("doc").child("elem");
  BOOST_TEST(row.child_value("kind") == std::string("override"));
  BOOST_TEST(row.child_value("state") == std::string("granted"));
  BOOST_TEST(row.child_value("reason") == std::string("outage: spam from this account"));
  BOOST_TEST(Count("SELECT COUNT(*) FROM audit_log WHERE func = 'user.su' AND target = ? AND "
                   "params LIKE ?",
                   c.user, "%override=" + std::string(row.child_value("id")) + "%") == 1);
  BOOST_TEST(IsOk(admin.Call("su.back")));
}

BOOST_AUTO_TEST_CASE(only_the_owner_logged_in_as_itself_decides) {
  const Company c;
  const As reseller = c.Reseller();
  const auto asked = reseller.Call("access.request", "sok=ok&elid=" + c.user + "&reason=check");
  BOOST_REQUIRE(IsOk(asked));
  const std::string id = asked.child("doc").child_value("id");
  // Not the asker, not another account.
  BOOST_TEST(ErrorType(reseller.Call("access.grant", "sok=ok&elid=" + id)) == "access");
  BOOST_TEST(ErrorType(As::Admin().Call("access.grant", "sok=ok&elid=" + id)) == "missed");
  BOOST_TEST(ErrorType(As::Admin().Call("access.refuse", "elid=" + id)) == "missed");
  // Beyond the longest grant, refused; consent asked only of those who ask for it.
  BOOST_TEST(ErrorObjectOf(c.Owner().Call("access.grant", "sok=ok&elid=" + id + "&hours=100")) ==
             "hours");
  const std::string plain = Unique("sap");
  MakeUser(As::Login(c.reseller, kPassword), plain);
  BOOST_TEST(ErrorObjectOf(reseller.Call("access.request", "sok=ok&elid=" + plain + "&reason=x")) ==
             "account");
  BOOST_TEST(ErrorObjectOf(reseller.Call("access.request", "sok=ok&elid=" + c.user)) == "reason");
  const Company other;
  BOOST_TEST(ErrorType(reseller.Call("access.request",
                                     "sok=ok&elid=" + other.user + "&reason=x")) == "missed");
  // Not a staff login of the company: a reseller's, asked by the admin.
  const std::string firm = Unique("saf"), staff = Unique("sas");
  MakeReseller(firm);
  const As firm_owner = As::Login(firm, kPassword);
  BOOST_REQUIRE(IsOk(firm_owner.Call("usrparam", "sok=ok&su_consent_required=on")));
  const auto made =
      firm_owner.Call("login.edit", "sok=ok&name=" + staff + "&passwd=" + kStaffPassword);
  BOOST_REQUIRE_MESSAGE(IsOk(made), Detail(made));
  const std::string firm_id = As::Admin()
                                  .Call("access.request", "sok=ok&elid=" + firm + "&reason=audit")
                                  .child("doc")
                                  .child_value("id");
  BOOST_REQUIRE(!firm_id.empty());
  BOOST_TEST(
      ErrorType(As::Login(staff, kStaffPassword).Call("access.grant", "sok=ok&elid=" + firm_id)) ==
      "access");
  BOOST_TEST(IsOk(firm_owner.Call("access.grant", "sok=ok&elid=" + firm_id)));
  BOOST_TEST(ErrorType(As::Admin().Call("whoami", "su=" + firm)).empty());
  // Refused: stays refused, cannot be granted afterwards.
  BOOST_REQUIRE(IsOk(c.Owner().Call("access.refuse", "elid=" + id)));
  BOOST_TEST(Grant(c.Owner(), id).child_value("state") == std::string("refused"));
  BOOST_TEST(ErrorObjectOf(c.Owner().Call("access.grant", "sok=ok&elid=" + id)) == "elid");
  BOOST_TEST(ErrorObjectOf(reseller.Call("user.su", "elid=" + c.user)) == "grant");
  // The asker may give a grant back; an expired grant lets nobody in.
  const std::string again =
      reseller.Call("access.request", "sok=ok&elid=" + c.user + "&reason=retry")
          .child("doc")
          .child_value("id");
  BOOST_REQUIRE(IsOk(c.Owner().Call("access.grant", "sok=ok&elid=" + again)));
  BOOST_REQUIRE(IsOk(reseller.Call("user.su", "elid=" + c.user)));
  BOOST_REQUIRE(IsOk(reseller.Call("su.back")));
  {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::PreparedStatement> expire(db->prepareStatement(
        "UPDATE access_grant SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = ?"));
    expire->setString(1, again);
    expire->executeUpdate();
  }
  BOOST_TEST(Grant(c.Owner(), again).child_value("state") == std::string("expired"));
  BOOST_TEST(ErrorObjectOf(reseller.Call("user.su", "elid=" + c.user)) == "grant");
  // Only the owner, as itself, switches consent off: not the admin acting as the company.
  const As admin =
      As::Session(LogIn(TestEnv("BASE_URL"), TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD")));
  BOOST_REQUIRE(IsOk(admin.Call("user.su", "elid=" + c.user + "&override=on&reason=audit")));
  BOOST_TEST(ErrorType(admin.Call("usrparam", "sok=ok&su_consent_required=off")) == "access");
  BOOST_TEST(ErrorType(admin.Call("access.grant", "sok=ok&elid=" + again)) == "access");
  BOOST_REQUIRE(IsOk(admin.Call("su.back")));
  BOOST_REQUIRE(IsOk(c.Owner().Call("usrparam", "sok=ok&su_consent_required=off")));
  BOOST_TEST(IsOk(reseller.Call("user.su", "elid=" + c.user)));
}

// A step further down from a session under a grant stays under it: bounded by it, audited with
// it, and ended with it.
BOOST_AUTO_TEST_CASE(a_step_down_from_a_granted_session_stays_under_the_grant) {
  const std::string firm = Unique("sag"), client = Unique("sah");
  MakeReseller(firm);
  const As owner = As::Login(firm, kPassword);
  MakeUser(owner, client);  // asks for nothing itself
  BOOST_REQUIRE(IsOk(owner.Call("usrparam", "sok=ok&su_consent_required=on")));
  const As admin =
      As::Session(LogIn(TestEnv("BASE_URL"), TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD")));
  const std::string id =
      admin.Call("access.request", "sok=ok&account=" + firm + "&reason=migration")
          .child("doc")
          .child_value("id");
  BOOST_REQUIRE(IsOk(owner.Call("access.grant", "sok=ok&elid=" + id + "&hours=1")));
  BOOST_REQUIRE(IsOk(admin.Call("reseller.su", "elid=" + firm)));
  BOOST_REQUIRE(IsOk(admin.Call("user.su", "elid=" + client + "&minutes=600")));
  BOOST_TEST(WhoAmI(admin) == client);
  BOOST_TEST(Count("SELECT COUNT(*) FROM session s JOIN access_grant g ON g.id = s.su_grant_id "
                   "WHERE g.id = ? AND s.su_until <= g.expires_at",
                   id) >= 1);
  BOOST_REQUIRE(IsOk(admin.Call("ticket.new", "sok=ok&subject=Moved&priority=low&text=Done")));
  BOOST_TEST(Count("SELECT COUNT(*) FROM audit_log WHERE func = 'ticket.new' AND as_account = ? "
                   "AND params LIKE ?",
                   client, "su_grant=" + id + "%") == 1);
  // Ended by the firm's owner: the session deeper down ends with it.
  BOOST_REQUIRE(IsOk(owner.Call("access.revoke", "elid=" + id)));
  BOOST_TEST(WhoAmI(admin) == TestEnv("ADMIN_LOGIN"));
}

BOOST_AUTO_TEST_SUITE_END()
