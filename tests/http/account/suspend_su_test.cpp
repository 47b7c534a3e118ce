// Suspension with provenance and su, over HTTP.

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <boost/test/unit_test.hpp>

#include "http/api.h"
#include "http/organisation.h"

using namespace resellermgr::testing;

namespace {

bool Active(const pugi::xml_document& list, const std::string& name) {
  pugi::xml_node row = FindRow(list, name);
  BOOST_REQUIRE_MESSAGE(row, name << " is not in the list");
  const bool active = row.child_value("active") == std::string("on");
  BOOST_TEST(active == !row.child("disabled"), name);  // ISP4 <disabled/> agrees with active
  return active;
}

std::string SessionOf(const std::string& login) {
  return LogIn(TestEnv("BASE_URL"), login, kPassword);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(suspension)

BOOST_AUTO_TEST_CASE(a_suspended_login_with_its_right_password_is_told_why) {
  const std::string r = Unique("rzs");
  MakeReseller(r);
  BOOST_TEST_REQUIRE(IsOk(As::Admin().Call("reseller.suspend", "elid=" + r)));
  pugi::xml_document told = HttpGet(Url("func=auth&username=" + r + "&password=" + kPassword),
                                    {.source_ip = "127.0.0.51"})
                                .Xml();
  BOOST_TEST(ErrorType(told) == "auth");
  BOOST_TEST(ErrorObjectOf(told) == "suspended");
  BOOST_TEST(Detail(told) == "This account is suspended. Contact your provider");
  BOOST_TEST(AuditRows("auth", r, "suspended") == 1);
  // A wrong password learns nothing about the account.
  BOOST_TEST(ErrorObjectOf(HttpGet(Url("func=auth&username=" + r + "&password=wrong-pass-1"),
                                   {.source_ip = "127.0.0.51"})
                               .Xml()) == "badpassword");
  BOOST_TEST(ErrorObjectOf(HttpGet(Url("func=auth&username=nosuch" + r + "&password=" + kPassword),
                                   {.source_ip = "127.0.0.51"})
                               .Xml()) == "badpassword");
  BOOST_TEST_REQUIRE(IsOk(As::Admin().Call("reseller.resume", "elid=" + r)));
  BOOST_TEST(!ErrorOf(As::Login(r, kPassword).Call("whoami")));
}

BOOST_AUTO_TEST_CASE(resuming_a_reseller_does_not_wake_a_user_suspended_on_its_own) {
  const std::string r = Unique("rz");
  const std::string own = Unique("uz");
  const std::string other = Unique("uz");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  MakeUser(reseller, own);
  MakeUser(reseller, other);
  BOOST_TEST(IsOk(reseller.Call("user.suspend", "elid=" + own + "&reason=unpaid")));

  BOOST_TEST(IsOk(As::Admin().Call("reseller.suspend", "elid=" + r + "&reason=abuse")));
  pugi::xml_document users = As::Admin().Call("user", "p_cnt=1000&owner=" + r);
  BOOST_TEST(!Active(users, own));
  BOOST_TEST(!Active(users, other));
  BOOST_TEST(!Active(As::Admin().Call("reseller", "p_cnt=1000"), r));
  BOOST_TEST(ErrorType(As::Login(other, kPassword).Call("whoami")) == "auth");  // cascade

  BOOST_TEST(IsOk(As::Admin().Call("reseller.enable", "elid=" + r)));  // ISP4 name
  users = As::Admin().Call("user", "p_cnt=1000&owner=" + r);
  BOOST_TEST(!Active(users, own));
  BOOST_TEST(Active(users, other));
  BOOST_TEST(Active(As::Admin().Call("reseller", "p_cnt=1000"), r));
  BOOST_TEST(As::Login(other, kPassword).Call("whoami").child("doc").child("user"));
}

// Suspension is one row for the account suspended; what is below follows from it (issue 26):
// a sub-reseller suspended on its own keeps its users down when its reseller comes back, a user
// moved away from a suspended owner comes back up, and one moved under it goes down.
BOOST_AUTO_TEST_CASE(what_is_below_follows_the_suspensions_above_it_through_resumes_and_moves) {
  const std::string r = Unique("rw"), sub = Unique("rw"), calm = Unique("rw");
  const std::string u = Unique("uw"), su = Unique("uw"), moving = Unique("uw");
  MakeReseller(r, "may_resell=on");
  MakeReseller(calm);
  const As reseller = As::Login(r, kPassword);
  BOOST_REQUIRE(
      IsOk(reseller.Call("reseller.edit", "sok=ok&name=" + sub + "&passwd=" + kPassword)));
  MakeUser(reseller, u);
  MakeUser(reseller, moving);
  MakeUser(As::Login(sub, kPassword), su);
  const auto active = [](const std::string& name) {
    return Active(As::Admin().Call("user", "p_cnt=1000&name=" + name), name);
  };
  BOOST_REQUIRE(IsOk(reseller.Call("reseller.suspend", "elid=" + sub)));
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.suspend", "elid=" + r)));
  BOOST_TEST(!active(u));
  BOOST_TEST(!active(su));
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.resume", "elid=" + r)));
  BOOST_TEST(active(u));
  BOOST_TEST(!active(su));  // its sub-reseller is still suspended on its own
  BOOST_TEST(ErrorType(As::Login(su, kPassword).Call("whoami")) == "auth");
  // Resuming the sub-reseller under a suspended reseller leaves it down.
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.suspend", "elid=" + r)));
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.resume", "elid=" + sub)));
  BOOST_TEST(!active(su));
  BOOST_TEST(!Active(As::Admin().Call("reseller", "p_cnt=1000&name=" + sub), sub));
  // Moved from the suspended reseller to a working one: up; moved back: down.
  BOOST_REQUIRE(IsOk(As::Admin().Call("user.move", "sok=ok&elid=" + moving + "&owner=" + calm)));
  BOOST_TEST(active(moving));
  BOOST_TEST(As::Login(moving, kPassword).Call("whoami").child("doc").child("user"));
  BOOST_REQUIRE(IsOk(As::Admin().Call("user.move", "sok=ok&elid=" + moving + "&owner=" + r)));
  BOOST_TEST(!active(moving));
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.resume", "elid=" + r)));
  BOOST_TEST(active(moving));
  BOOST_TEST(active(su));
}

BOOST_AUTO_TEST_CASE(suspension_ends_sessions_including_those_acting_through_su) {
  const std::string r = Unique("rq");
  const std::string u = Unique("uq");
  MakeReseller(r);
  MakeUser(As::Login(r, kPassword), u);
  const std::string reseller_sid = SessionOf(r);
  const std::string user_sid = SessionOf(u);
  const std::string admin_sid =
      LogIn(TestEnv("BASE_URL"), TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  BOOST_TEST(IsOk(As::Session(admin_sid).Call("reseller.su", "elid=" + r)));

  BOOST_TEST(IsOk(As::Admin().Call("reseller.disable", "elid=" + r)));
  BOOST_TEST(ErrorObjectOf(As::Session(reseller_sid).Call("whoami")) == "session");
  BOOST_TEST(ErrorObjectOf(As::Session(user_sid).Call("whoami")) == "session");
  BOOST_TEST(ErrorObjectOf(As::Session(admin_sid).Call("whoami")) == "session");
}

BOOST_AUTO_TEST_CASE(a_locked_suspension_is_lifted_only_by_its_source_or_above) {
  const std::string r = Unique("rk");
  const std::string u = Unique("uk");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  MakeUser(reseller, u);
  BOOST_TEST(IsOk(As::Admin().Call("user.suspend", "elid=" + u + "&lock=on&reason=legal")));
  pugi::xml_document refused = reseller.Call("user.resume", "elid=" + u);
  BOOST_TEST(ErrorType(refused) == "access");
  BOOST_TEST(!Active(reseller.Call("user"), u));
  BOOST_TEST(IsOk(As::Admin().Call("user.resume", "elid=" + u)));
  BOOST_TEST(Active(reseller.Call("user"), u));
}

BOOST_AUTO_TEST_CASE(group_actions_are_all_or_nothing) {
  const std::string a = Unique("rg");
  const std::string b = Unique("rg");
  MakeReseller(a);
  MakeReseller(b);
  const std::string ua = Unique("ug");
  const std::string ub = Unique("ug");
  MakeUser(As::Login(a, kPassword), ua);
  MakeUser(As::Login(b, kPassword), ub);
  // A's own user plus B's user: refused as a whole, A's user untouched.
  pugi::xml_document mixed = As::Login(a, kPassword).Call("user.suspend", "elid=" + ua + ",+" + ub);
  BOOST_TEST(ErrorType(mixed) == "missed");
  BOOST_TEST(Active(As::Admin().Call("user", "p_cnt=1000"), ua));
  BOOST_TEST(Active(As::Admin().Call("user", "p_cnt=1000"), ub));
  // Both of the admin's: applied together.
  BOOST_TEST(IsOk(As::Admin().Call("reseller.suspend", "elid=" + a + ",+" + b)));
  pugi::xml_document list = As::Admin().Call("reseller", "p_cnt=1000&status=suspended");
  BOOST_TEST(FindRow(list, a));
  BOOST_TEST(FindRow(list, b));
  BOOST_TEST(IsOk(As::Admin().Call("reseller.resume", "elid=" + a + ",+" + b)));
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("reseller.resume", "elid=" + a + ",+" + a)) ==
             "elid");  // duplicate
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(su)

BOOST_AUTO_TEST_CASE(su_stacks_downward_and_su_back_returns) {
  const std::string r = Unique("rx");
  const std::string u = Unique("ux");
  MakeReseller(r);
  MakeUser(As::Login(r, kPassword), u);
  const As admin =
      As::Session(LogIn(TestEnv("BASE_URL"), TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD")));

  BOOST_TEST(IsOk(admin.Call("su", "elid=" + r)));
  const pugi::xml_document whoami = admin.Call("whoami");
  pugi::xml_node who = whoami.child("doc").child("user");
  BOOST_TEST(who.attribute("name").value() == r);
  BOOST_TEST(who.attribute("level").as_int() == 24);
  BOOST_TEST(who.attribute("realname").value() == TestEnv("ADMIN_LOGIN"));
  // Acting as the reseller now: its reseller list holds its sub-resellers (none), not itself.
  const auto resellers = admin.Call("reseller");
  BOOST_TEST(!ErrorOf(resellers));
  BOOST_TEST(!FindRow(resellers, r));
  BOOST_TEST(FindRow(admin.Call("user"), u));

  BOOST_TEST(IsOk(admin.Call("user.su", "elid=" + u)));  // ISP4: the same session switches in place
  BOOST_TEST(admin.Call("whoami").child("doc").child("user").attribute("name").value() == u);
  BOOST_TEST(ErrorType(admin.Call("user")) == "access");

  BOOST_TEST(IsOk(admin.Call("su.back")));
  BOOST_TEST(admin.Call("whoami").child("doc").child("user").attribute("name").value() == r);
  BOOST_TEST(IsOk(admin.Call("su.back")));
  BOOST_TEST(admin.Call("whoami").child("doc").child("user").attribute("level").as_int() == 29);
  BOOST_TEST(FindRow(admin.Call("reseller", "p_cnt=1000"), r));
}

BOOST_AUTO_TEST_CASE(su_carries_its_reason_into_the_audit_log_and_ends_at_its_time_limit) {
  const std::string r = Unique("ra");
  const std::string u = Unique("ua");
  MakeReseller(r);
  MakeUser(As::Login(r, kPassword), u);
  // The reseller's owner asks for a reason from whoever logs in as it.
  const As owner = As::Login(r, kPassword);
  BOOST_TEST(owner.Call("usrparam").child("doc").child_value("su_reason_required") ==
             std::string("off"));
  BOOST_REQUIRE(IsOk(owner.Call("usrparam", "sok=ok&su_reason_required=on")));
  const std::string sid =
      LogIn(TestEnv("BASE_URL"), TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const As admin = As::Session(sid);
  BOOST_TEST(ErrorObjectOf(admin.Call("reseller.su", "elid=" + r)) == "reason");
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("user", "su=" + r)) == "su_reason");
  BOOST_TEST(admin.Call("whoami").child("doc").child("user").attribute("level").as_int() == 29);
  // Under su with a reason and a limit, what it does names the reason.
  BOOST_REQUIRE(IsOk(admin.Call("reseller.su", "elid=" + r + "&reason=ticket+4711&minutes=30")));
  BOOST_TEST(admin.Call("whoami").child("doc").child("user").attribute("name").value() == r);
  BOOST_REQUIRE(IsOk(admin.Call("user.suspend", "elid=" + u)));
  BOOST_TEST(Count("SELECT COUNT(*) FROM audit_log WHERE func = 'user.suspend' AND target = ? "
                   "AND actor = 'admin' AND params LIKE 'su_reason=ticket 4711%'",
                   u) == 1);
  BOOST_TEST(Count("SELECT COUNT(*) FROM audit_log WHERE func = 'reseller.su' AND target = ? "
                   "AND params = 'reason=ticket 4711 minutes=30'",
                   r) == 1);
  // A one-shot su names its reason too.
  BOOST_REQUIRE(
      IsOk(As::Admin().Call("user.resume", "su=" + r + "&su_reason=audit+check&elid=" + u)));
  BOOST_TEST(Count("SELECT COUNT(*) FROM audit_log WHERE func = 'user.resume' AND target = ? "
                   "AND params LIKE 'su_reason=audit check%'",
                   u) == 1);
  // Past its limit (made so in the database) the session acts as the admin again.
  {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::PreparedStatement> over(db->prepareStatement(
        "UPDATE session SET su_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE su_reason = ?"));
    over->setString(1, "ticket 4711");
    BOOST_REQUIRE(over->executeUpdate() >= 1);
  }
  const pugi::xml_document after = admin.Call("whoami");
  BOOST_TEST(after.child("doc").child("user").attribute("level").as_int() == 29);
  BOOST_TEST(after.child("doc").child("user").attribute("name").value() == TestEnv("ADMIN_LOGIN"));
  // Only the company's owner, as itself, sets the rule: not the admin acting as it.
  BOOST_REQUIRE(IsOk(admin.Call("reseller.su", "elid=" + r + "&reason=x")));
  BOOST_TEST(ErrorType(admin.Call("usrparam", "sok=ok&su_reason_required=off")) == "access");
  BOOST_TEST(IsOk(admin.Call("su.back")));
}

BOOST_AUTO_TEST_CASE(su_never_goes_up_or_sideways) {
  const std::string a = Unique("ry");
  const std::string b = Unique("ry");
  MakeReseller(a);
  MakeReseller(b);
  const std::string ua = Unique("uy");
  const std::string ub = Unique("uy");
  MakeUser(As::Login(a, kPassword), ua);
  MakeUser(As::Login(b, kPassword), ub);
  const As reseller_a = As::Session(SessionOf(a));
  for (const std::string& target : {b, ub, TestEnv("ADMIN_LOGIN"), a, std::string("nosuch")}) {
    BOOST_TEST(ErrorType(reseller_a.Call("su", "elid=" + target)) == "missed", target);
    BOOST_TEST(ErrorType(reseller_a.Call("whoami", "su=" + target)) == "missed", target);
  }
  BOOST_TEST(ErrorType(As::Session(SessionOf(ua)).Call("su", "elid=" + ua)) ==
             "access");  // users cannot su
  BOOST_TEST(ErrorType(As::Admin().Call("reseller.su", "elid=" + ua)) ==
             "missed");  // not a reseller
  BOOST_TEST(reseller_a.Call("whoami").child("doc").child("user").attribute("name").value() == a);
}

BOOST_AUTO_TEST_CASE(one_shot_su_acts_for_one_request_and_is_audited) {
  const std::string r = Unique("rv");
  const std::string u = Unique("uv");
  MakeReseller(r);
  MakeUser(As::Login(r, kPassword), u);
  pugi::xml_document list = As::Admin().Call("user", "su=" + r);
  BOOST_TEST(FindRow(list, u));
  BOOST_TEST(As::Admin().Call("whoami").child("doc").child("user").attribute("level").as_int() ==
             29);
  BOOST_TEST(IsOk(As::Admin().Call("user.suspend", "su=" + r + "&elid=" + u)));
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> q(db->prepareStatement(
      "SELECT actor, as_account FROM audit_log WHERE func = 'user.suspend' AND target = ?"));
  q->setString(1, u);
  std::unique_ptr<sql::ResultSet> row(q->executeQuery());
  BOOST_REQUIRE(row->next());
  BOOST_TEST(row->getString(1) == TestEnv("ADMIN_LOGIN"));
  BOOST_TEST(row->getString(2) == r);
}

BOOST_AUTO_TEST_CASE(su_with_authinfo_returns_a_session_that_starts_switched) {
  const std::string r = Unique("rt");
  MakeReseller(r);
  pugi::xml_document reply = As::Admin().Call("reseller.su", "elid=" + r);
  const std::string sid = reply.child("doc").child("auth").attribute("id").value();
  BOOST_REQUIRE(sid.size() == 64u);
  BOOST_TEST(As::Session(sid).Call("whoami").child("doc").child("user").attribute("name").value() ==
             r);
}

BOOST_AUTO_TEST_SUITE_END()
