// Presets, own settings (usrparam) with a forced password change, the audit list, and usage
// intake, over HTTP and through resellerctl.

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "http/api.h"
#include "http/organisation.h"

using namespace resellermgr::testing;

BOOST_AUTO_TEST_SUITE(presets)

BOOST_AUTO_TEST_CASE(preset_edit_returns_every_limit_and_creates_copy_it) {
  const std::string r = Unique("rpr");
  MakeReseller(r, "limit_quota=10240&limit_users=10&limit_ssl=on");
  const As reseller = As::Login(r, kPassword);
  BOOST_TEST(IsOk(reseller.Call(
      "preset.edit", "sok=ok&name=small&limit_quota=1024&limit_ssl=on&limit_emails=50")));
  pugi::xml_document form = reseller.Call("preset.edit", "elid=small");
  pugi::xml_node doc = form.child("doc");
  BOOST_TEST(doc.child_value("limit_quota") == std::string("1024"));
  BOOST_TEST(doc.child_value("limit_emails") == std::string("50"));
  BOOST_TEST(doc.child_value("limit_ssl") == std::string("on"));
  BOOST_TEST(doc.child_value("limit_cgi") == std::string("off"));
  int limit_fields = 0;
  for (pugi::xml_node child : doc.children())
    limit_fields += std::string(child.name()).rfind("limit_", 0) == 0;
  BOOST_TEST(limit_fields == 17);

  const std::string u = Unique("upr");
  MakeUser(reseller, u, "preset=small&limit_emails=5");  // explicit fields override the preset
  pugi::xml_document user = reseller.Call("user.edit", "elid=" + u);
  BOOST_TEST(user.child("doc").child_value("limit_quota") == std::string("1024"));
  BOOST_TEST(user.child("doc").child_value("limit_emails") == std::string("5"));
  BOOST_TEST(user.child("doc").child_value("limit_ssl") == std::string("on"));

  BOOST_TEST(ErrorType(reseller.Call("user.edit", "sok=ok&name=" + Unique("upr") + "&passwd=" +
                                                      kPassword + "&preset=nosuch")) == "missed");
  BOOST_TEST(ErrorType(reseller.Call("preset.edit", "sok=ok&name=small")) == "exists");
  // Another account's presets are invisible.
  BOOST_TEST(ErrorType(As::Admin().Call("preset.edit", "elid=small")) == "missed");
  BOOST_TEST(ErrorType(As::Admin().Call("preset.delete", "elid=small")) == "missed");
  BOOST_TEST(FindRow(reseller.Call("preset"), "small"));
  BOOST_TEST(IsOk(reseller.Call("preset.delete", "elid=small")));
  BOOST_TEST(!FindRow(reseller.Call("preset"), "small"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(usrparam)

BOOST_AUTO_TEST_CASE(a_flagged_login_can_do_nothing_else_until_it_changes_its_password) {
  const std::string r = Unique("rfc");
  MakeReseller(r, "force_password_change=on");
  const std::string sid = LogIn(TestEnv("BASE_URL"), r, kPassword);
  const As flagged = As::Session(sid);
  BOOST_TEST(flagged.Call("whoami").child("doc").child("user"));
  pugi::xml_document blocked = flagged.Call("user");
  BOOST_TEST(ErrorType(blocked) == "access");
  BOOST_TEST(ErrorObjectOf(blocked) == "password_change");
  BOOST_TEST(ErrorObjectOf(flagged.Call("usrparam", "sok=ok&passwd=short")) == "passwd");
  BOOST_TEST(IsOk(flagged.Call(
      "usrparam", "sok=ok&oldpasswd=" + std::string(kPassword) +
                      "&passwd=a-new-password&confirm=a-new-password&lang=ru&fullname=Me")));
  BOOST_TEST(!ErrorOf(flagged.Call("user")));  // the same session goes on
  pugi::xml_document settings = flagged.Call("usrparam");
  BOOST_TEST(settings.child("doc").child_value("lang") == std::string("ru"));
  BOOST_TEST(settings.child("doc").child_value("fullname") == std::string("Me"));
  BOOST_TEST(!settings.child("doc").child("passwd"));
  BOOST_TEST(ErrorType(As::Login(r, kPassword).Call("whoami")) == "auth");
  BOOST_TEST(As::Login(r, "a-new-password").Call("whoami").child("doc").child("user"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit_list)

BOOST_AUTO_TEST_CASE(admins_see_everything_resellers_only_their_subtree) {
  const std::string a = Unique("rau");
  const std::string b = Unique("rau");
  MakeReseller(a);
  MakeReseller(b);
  const std::string ua = Unique("uau");
  const std::string ub = Unique("uau");
  MakeUser(As::Login(a, kPassword), ua);
  MakeUser(As::Login(b, kPassword), ub);
  BOOST_TEST(IsOk(As::Login(a, kPassword).Call("user.suspend", "elid=" + ua)));
  BOOST_TEST(IsOk(As::Login(b, kPassword).Call("user.suspend", "elid=" + ub)));

  pugi::xml_document mine = As::Login(a, kPassword).Call("audit", "target=" + ua);
  pugi::xml_node row = mine.child("doc").child("elem");
  BOOST_REQUIRE(row);
  BOOST_TEST(row.child_value("func") == std::string("user.suspend"));
  BOOST_TEST(row.child_value("actor") == a);
  BOOST_TEST(row.child_value("outcome") == std::string("suspended"));
  BOOST_TEST(!As::Login(a, kPassword).Call("audit", "target=" + ub).child("doc").child("elem"));
  BOOST_TEST(As::Admin().Call("audit", "target=" + ub).child("doc").child("elem"));
  BOOST_TEST(
      As::Admin().Call("audit", "actor=" + b + "&from=2000-01-01").child("doc").child("elem"));
  BOOST_TEST(
      !As::Admin().Call("audit", "actor=" + b + "&to=2000-01-01").child("doc").child("elem"));
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("audit", "from=yesterday")) == "from");
  BOOST_TEST(ErrorType(As::Login(ua, kPassword).Call("audit")) ==
             "auth");  // suspended: cannot log in
  // Passwords never reach the audit log.
  BOOST_TEST(
      As::Admin().Call("audit", "target=" + a).child("doc").child("elem").child_value("params") ==
      "name=" + a + " passwd=***");
}

// Issue 26: a change writes its audit row without locking a chain head; the daemon's background
// pass links the committed rows into their chains soon after.
BOOST_AUTO_TEST_CASE(changes_are_sealed_into_the_chain_after_they_commit) {
  const std::string r = Unique("ras");
  MakeReseller(r);
  for (int i = 0; i < 5; ++i) {
    BOOST_TEST(IsOk(As::Admin().Call("reseller.suspend", "elid=" + r)));
    BOOST_TEST(IsOk(As::Admin().Call("reseller.resume", "elid=" + r)));
  }
  const auto unsealed = [&] {
    return Count("SELECT COUNT(*) FROM audit_log WHERE target = ? AND row_hash IS NULL", r);
  };
  for (int i = 0; i < 100 && unsealed() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  BOOST_TEST(unsealed() == 0);
  BOOST_TEST(Count("SELECT COUNT(*) FROM audit_log WHERE target = ? AND seq IS NOT NULL", r) == 11);
  // Each row links to the one sealed before it in its chain.
  BOOST_TEST(Count("SELECT COUNT(*) FROM audit_log l LEFT JOIN audit_log p ON p.chain = l.chain "
                   "AND p.seq = l.seq - 1 WHERE l.target = ? AND (p.row_hash = l.prev_hash OR "
                   "(l.seq = 1 AND l.prev_hash = REPEAT('0', 64)))",
                   r) == 11);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(usage)

BOOST_AUTO_TEST_CASE(reports_move_the_owners_totals_and_show_in_the_lists) {
  const std::string r = Unique("rus");
  const std::string u1 = Unique("uus");
  const std::string u2 = Unique("uus");
  MakeReseller(r, "limit_quota=4950");
  MakeUser(As::Login(r, kPassword), u1, "limit_quota=1000");
  MakeUser(As::Login(r, kPassword), u2, "limit_quota=1000");
  BOOST_TEST(
      IsOk(As::Admin().Call("usage.report", "elid=" + u1 + "&quota_used=1000&traff_used=20")));
  BOOST_TEST(IsOk(As::Admin().Call("usage.report", "elid=" + u2 + "&quota_used=800&traff_used=5")));
  BOOST_TEST(IsOk(As::Admin().Call("usage.report",
                                   "elid=" + u1 + "&quota_used=917&traff_used=20")));  // went down
  BOOST_TEST(IsOk(
      As::Admin().Call("usage.report", "elid=" + r + "&quota_used=100&traff_used=0")));  // its own

  const pugi::xml_document resellers = As::Admin().Call("reseller", "name=" + r);
  pugi::xml_node row = FindRow(resellers, r);
  BOOST_TEST(row.child("quota").attribute("used").as_int() == 1817);
  BOOST_TEST(row.child("quota").attribute("limit").as_int() == 4950);
  BOOST_TEST(row.child_value("quota") == std::string("1817 / 4950"));
  BOOST_TEST(row.child_value("quota_used") == std::string("1817"));
  BOOST_TEST(row.child("traffic").attribute("used").as_int() == 25);
  const pugi::xml_document usage = As::Login(r, kPassword).Call("userstat");
  pugi::xml_node user = FindRow(usage, u1);
  BOOST_TEST(user.child("quota").attribute("used").as_int() == 917);

  BOOST_TEST(ErrorType(As::Login(r, kPassword)
                           .Call("usage.report", "elid=" + u1 + "&quota_used=1&traff_used=1")) ==
             "access");
  BOOST_TEST(ErrorObjectOf(As::Admin().Call(
                 "usage.report", "elid=" + u1 + "&quota_used=-1&traff_used=1")) == "quota_used");
  BOOST_TEST(ErrorType(As::Admin().Call(
                 "usage.report", "elid=nosuchaccount&quota_used=1&traff_used=1")) == "missed");
}

BOOST_AUTO_TEST_CASE(a_saved_filter_shows_only_accounts_over_their_limits) {
  const std::string r = Unique("rof");
  const std::string over = Unique("uof");
  const std::string under = Unique("uof");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  MakeUser(reseller, over, "limit_quota=100");
  MakeUser(reseller, under, "limit_quota=100");
  BOOST_TEST(
      IsOk(As::Admin().Call("usage.report", "elid=" + over + "&quota_used=150&traff_used=0")));
  BOOST_TEST(
      IsOk(As::Admin().Call("usage.report", "elid=" + under + "&quota_used=50&traff_used=0")));

  BOOST_TEST(IsOk(reseller.Call("user.filter", "sok=ok&status=overlimit")));
  BOOST_TEST(reseller.Call("user.filter").child("doc").child_value("status") ==
             std::string("overlimit"));
  const pugi::xml_document audit = reseller.Call("audit", "target=" + r);
  pugi::xml_node saved = audit.child("doc").child("elem");
  BOOST_REQUIRE(saved);  // the newest row first
  BOOST_TEST(saved.child_value("func") == std::string("user.filter"));
  BOOST_TEST(saved.child_value("outcome") == std::string("filter saved"));
  pugi::xml_document list = reseller.Call("user");
  BOOST_TEST(FindRow(list, over));
  BOOST_TEST(!FindRow(list, under));
  BOOST_TEST(list.child("doc").child_value("p_elems") == std::string("1"));
  BOOST_TEST(FindRow(reseller.Call("user", "status="), under));  // a request's own filter wins
  BOOST_TEST(ErrorObjectOf(reseller.Call("user.filter", "sok=ok&status=sleeping")) == "status");
  // A session reads the saved filter with the session itself: same outcome.
  const As session = As::Session(LogIn(TestEnv("BASE_URL"), r, kPassword));
  pugi::xml_document by_session = session.Call("user");
  BOOST_TEST(FindRow(by_session, over));
  BOOST_TEST(!FindRow(by_session, under));
  BOOST_TEST(IsOk(reseller.Call("user.filter", "sok=ok")));  // cleared
  BOOST_TEST(FindRow(reseller.Call("user"), under));
  BOOST_TEST(FindRow(session.Call("user"), under));  // the next request of the session sees it
  BOOST_TEST(IsOk(session.Call("user.filter", "sok=ok&name=" + over)));
  BOOST_TEST(!FindRow(session.Call("user"), under));
  // The session carries the filters as the stored JSON: quotes, backslashes and Cyrillic come
  // back as they were saved, and the list applies them (the name matches no one).
  const std::string odd = "\xD0\xB6\"q\\";
  BOOST_TEST(IsOk(session.Call("user.filter", "sok=ok&status=active&name=" + UrlEncode(odd))));
  pugi::xml_document odd_list = session.Call("user");
  BOOST_TEST(!FindRow(odd_list, under));
  BOOST_TEST(odd_list.child("doc").child_value("p_elems") == std::string("0"));
  BOOST_TEST(session.Call("user.filter").child("doc").child_value("name") == odd);
  BOOST_TEST(IsOk(session.Call("user.filter", "sok=ok")));
  BOOST_TEST(FindRow(session.Call("user"), under));
}

BOOST_AUTO_TEST_CASE(resellerctl_imports_a_csv_and_reports_bad_lines) {
  const std::string r = Unique("rci");
  const std::string u = Unique("uci");
  MakeReseller(r);
  MakeUser(As::Login(r, kPassword), u);
  const std::string path = TestEnv("STACK_DIR") + "/usage-" + u + ".csv";
  std::ofstream(path) << "# name,disk_mib,traffic_mib\n"
                      << u << ",300,40\n"
                      << r << ",10,1\nnosuch,1,1\n"
                      << u << ",x,1\n";
  // With the application's own config only: the import needs no more than its grants.
  const CommandResult imported =
      RunCommand(TestEnv("RESELLERCTL") + " -c " + TestEnv("CONFIG") + " usage import " + path);
  BOOST_TEST(imported.exit_code != 0);  // two lines were rejected
  const std::string& text = imported.output;
  BOOST_TEST(text.find("imported 2, rejected 2") != std::string::npos, text);
  BOOST_TEST(text.find(":4: rejected") != std::string::npos, text);
  BOOST_TEST(FindRow(As::Admin().Call("reseller", "p_cnt=1000"), r)
                 .child("quota")
                 .attribute("used")
                 .as_int() == 310);
}

BOOST_AUTO_TEST_SUITE_END()
