// Issue 27: a login's sessions over real HTTP: session (started, last seen, address, client, su
// chain), session.delete with elid, session.delete_others ("log out everywhere"), and
// session.history (recent logins and failed attempts); the company's owner and the admin for the
// company's logins (plid).

#include <algorithm>

#include "http/organisation.h"
#include "identity/session_identity.h"

using namespace resellermgr::testing;

namespace {

// A session of `name` opened from `ip` by a client that calls itself `client`.
std::string OpenSession(const std::string& name, const std::string& ip, const std::string& client,
                        const std::string& password = kPassword) {
  const HttpResponse opened = HttpPost(
      Url(""), "func=auth&out=xml&username=" + UrlEncode(name) + "&password=" + UrlEncode(password),
      {.source_ip = ip, .headers = {"User-Agent: " + client}});
  const std::string sid = opened.Xml().child("doc").child("auth").attribute("id").value();
  BOOST_REQUIRE_MESSAGE(!sid.empty(), "no session for " << name);
  return sid;
}

struct Row {
  std::string id, login, ip, client, su, current;
};

std::vector<Row> Sessions(const As& as, const std::string& query = {}) {
  std::vector<Row> rows;
  const pugi::xml_document doc = as.Call("session", query);
  BOOST_REQUIRE_MESSAGE(!ErrorOf(doc), "session: " << ErrorOf(doc).child_value("msg"));
  for (pugi::xml_node elem : doc.child("doc").children("elem")) {
    rows.push_back({elem.child_value("id"), elem.child_value("login"), elem.child_value("ip"),
                    elem.child_value("client"), elem.child_value("su"),
                    elem.child_value("current")});
  }
  return rows;
}

const Row* Find(const std::vector<Row>& rows, const std::string& client) {
  auto it =
      std::find_if(rows.begin(), rows.end(), [&](const Row& row) { return row.client == client; });
  return it == rows.end() ? nullptr : &*it;
}

bool Works(const std::string& sid) {
  return std::string(As::Session(sid).Call("whoami").child("doc").child("user").name()) == "user";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sessions)

BOOST_AUTO_TEST_CASE(a_login_sees_its_sessions_and_ends_one_of_them) {
  const Company c;
  const std::string laptop = OpenSession(c.r, SourceIp(31), "Laptop/1.0");
  const std::string phone = OpenSession(c.r, SourceIp(32),
                                        "Phone/2.0 \x01"
                                        "ctl");
  const std::vector<Row> rows = Sessions(As::Session(laptop));
  BOOST_TEST_REQUIRE(rows.size() == 2u);
  const Row* own = Find(rows, "Laptop/1.0");
  const Row* other = Find(rows, "Phone/2.0 ctl");  // control characters are not shown
  BOOST_TEST_REQUIRE(own);
  BOOST_TEST_REQUIRE(other);
  BOOST_TEST(own->current == "on");
  BOOST_TEST(other->current == "off");
  BOOST_TEST(own->ip == SourceIp(31));
  BOOST_TEST(other->ip == SourceIp(32));
  BOOST_TEST(own->login == c.r);
  // The session's secret is never in the list.
  const std::string listed = HttpGet(Url("auth=" + laptop + "&func=session")).body;
  BOOST_TEST(listed.find(laptop) == std::string::npos);
  BOOST_TEST(listed.find(phone) == std::string::npos);

  BOOST_TEST(IsOk(As::Session(laptop).Call("session.delete", "elid=" + other->id)));
  BOOST_TEST(AuditRows("session.delete", c.r + " session " + other->id, "ok") == 1);
  BOOST_TEST(!Works(phone));  // on its very next request
  BOOST_TEST(Works(laptop));
  BOOST_TEST(Sessions(As::Session(laptop)).size() == 1u);
}

BOOST_AUTO_TEST_CASE(log_out_everywhere_ends_every_other_session_and_keeps_this_one) {
  const Company c;
  std::vector<std::string> others;
  for (int i = 0; i < 3; ++i)
    others.push_back(OpenSession(c.r, SourceIp(33), "Other/" + std::to_string(i)));
  const std::string here = OpenSession(c.r, SourceIp(34), "Here/1.0");
  const pugi::xml_document form = As::Session(here).Call("session.delete_others");
  BOOST_TEST(!ErrorOf(form));  // without sok: the confirmation form
  BOOST_TEST(Works(others[0]));
  const pugi::xml_document ended = As::Session(here).Call("session.delete_others", "sok=ok");
  BOOST_TEST_REQUIRE(IsOk(ended));
  BOOST_TEST(std::string(ended.child("doc").child_value("ended")) == "3");
  for (const std::string& sid : others) BOOST_TEST(!Works(sid));
  BOOST_TEST(Works(here));
  // Logging in with a password (no session) still works; it gets a new session.
  BOOST_TEST(Works(OpenSession(c.r, SourceIp(33), "Other/again")));
  BOOST_TEST(AuditRows("session.delete_others", c.r, "ok") == 1);
}

BOOST_AUTO_TEST_CASE(another_login_s_sessions_cannot_be_seen_or_ended) {
  const Company a, b;
  const std::string mine = OpenSession(a.r, SourceIp(35), "Mine/1.0");
  const std::string theirs = OpenSession(b.r, SourceIp(36), "Theirs/1.0");
  const std::vector<Row> their_rows = Sessions(As::Session(theirs));
  BOOST_TEST_REQUIRE(their_rows.size() == 1u);
  // A session number that is not the caller's reads as unknown, and nothing ends.
  const pugi::xml_document refused =
      As::Session(mine).Call("session.delete", "elid=" + their_rows[0].id);
  BOOST_TEST(ErrorType(refused) == "missed");
  BOOST_TEST(ErrorObjectOf(refused) == "elid");
  BOOST_TEST(Works(theirs));
  // All or none: one foreign number in the group and the caller's own stays too.
  const std::string second = OpenSession(a.r, SourceIp(35), "Mine/2.0");
  const std::vector<Row> my_rows = Sessions(As::Session(mine));
  const Row* second_row = Find(my_rows, "Mine/2.0");
  BOOST_TEST_REQUIRE(second_row);
  BOOST_TEST(ErrorType(As::Session(mine).Call(
                 "session.delete",
                 "elid=" + UrlEncode(second_row->id + ", " + their_rows[0].id))) == "missed");
  BOOST_TEST(Works(second));
  BOOST_TEST(ErrorObjectOf(As::Session(mine).Call("session.delete", "elid=abc")) == "elid");
  // Another company is no plid of a reseller's.
  BOOST_TEST(ErrorObjectOf(As::Session(mine).Call("session", "plid=" + b.r)) == "plid");
  BOOST_TEST(ErrorObjectOf(As::Session(mine).Call("session.delete_others", "sok=ok&plid=" + b.r)) ==
             "plid");
  BOOST_TEST(Works(theirs));
}

BOOST_AUTO_TEST_CASE(the_owner_and_the_admin_see_and_end_the_company_s_sessions) {
  const Company c;
  const std::string staff_name = Unique("sess");
  c.Staff(staff_name, "");
  const std::string staff = OpenSession(staff_name, SourceIp(37), "Staff/1.0");
  const std::string owner = OpenSession(c.r, SourceIp(38), "Owner/1.0");
  // Staff see their own only, and not the company's.
  BOOST_TEST(Sessions(As::Session(staff)).size() == 1u);
  BOOST_TEST(ErrorType(As::Session(staff).Call("session", "plid=" + c.r)) == "access");
  // The owner sees both logins' sessions.
  const std::vector<Row> company = Sessions(As::Session(owner), "plid=" + c.r);
  const Row* staff_row = Find(company, "Staff/1.0");
  BOOST_TEST_REQUIRE(staff_row);
  BOOST_TEST(staff_row->login == staff_name);
  BOOST_TEST(Find(company, "Owner/1.0"));
  // The admin ends them all (plid names the company).
  const std::vector<Row> seen = Sessions(As::Admin(), "plid=" + c.r);
  BOOST_TEST(seen.size() == company.size());
  BOOST_TEST(IsOk(As::Admin().Call("session.delete_others", "sok=ok&plid=" + c.r)));
  BOOST_TEST(!Works(staff));
  BOOST_TEST(!Works(owner));
}

BOOST_AUTO_TEST_CASE(a_session_acting_as_another_account_shows_the_chain) {
  const Company c;
  const std::string admin =
      OpenSession(TestEnv("ADMIN_LOGIN"), SourceIp(39), "Su/1.0", TestEnv("ADMIN_PASSWORD"));
  BOOST_TEST_REQUIRE(IsOk(As::Session(admin).Call("su", "elid=" + c.r)));
  const std::vector<Row> rows = Sessions(As::Session(admin));
  const Row* row = Find(rows, "Su/1.0");
  BOOST_TEST_REQUIRE(row);
  BOOST_TEST(row->su == c.r);
  BOOST_TEST(row->login == TestEnv("ADMIN_LOGIN"));
  BOOST_TEST(row->current == "on");
  BOOST_TEST(IsOk(As::Session(admin).Call("session.delete")));  // logout, as before
  BOOST_TEST(!Works(admin));
}

BOOST_AUTO_TEST_CASE(recent_logins_show_successes_and_failures_with_their_address) {
  const Company c;
  const std::string ip = FreshIp();
  HttpPost(Url(""), "func=auth&out=xml&username=" + c.r + "&password=wrong-one", {.source_ip = ip});
  const std::string sid = OpenSession(c.r, ip, "History/1.0");
  const pugi::xml_document history = As::Session(sid).Call("session.history");
  std::vector<std::string> results;
  for (pugi::xml_node elem : history.child("doc").children("elem")) {
    BOOST_TEST(std::string(elem.child_value("login")) == c.r);
    if (std::string(elem.child_value("ip")) == ip) results.push_back(elem.child_value("result"));
  }
  // Newest first: the success, then the wrong password.
  BOOST_TEST_REQUIRE(results.size() >= 2u);
  BOOST_TEST(results[0] == "ok");
  BOOST_TEST(results[1] == "badpassword");
}

// Issue 26: a session carries a copy of what identifying it needs (identity/session_identity.h)
// and the check reads that row alone. Every change to what it carries refreshes the copy in the
// change's own transaction: after each one below no session's copy differs from its sources, and
// the session behaves by the new state on its next request.
BOOST_AUTO_TEST_CASE(what_a_session_carries_follows_every_change_to_its_login_and_accounts) {
  Company c;
  const auto stale = [] {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::Statement> statement(db->createStatement());
    std::unique_ptr<sql::ResultSet> rows(
        statement->executeQuery("SELECT COUNT(*) FROM session s" RM_SESSION_SOURCES
                                " WHERE NOT (s.identity <=> " RM_SESSION_IDENTITY ")"));
    rows->next();
    return rows->getInt64(1);
  };
  const std::string ip = SourceIp(5);
  const std::string group = Unique("Copies");
  BOOST_TEST(IsOk(c.owner.Call("group.edit", "sok=ok&name=" + group + "&rights=users:read")));
  const std::string staff_name = Unique("cp");
  c.Staff(staff_name, group);
  const As owner = As::Session(OpenSession(c.r, ip, "owner"));
  const As staff = As::Session(OpenSession(staff_name, ip, "staff"));
  const As user = As::Session(OpenSession(c.u, ip, "user"));
  const As admin =
      As::Session(OpenSession(TestEnv("ADMIN_LOGIN"), ip, "admin", TestEnv("ADMIN_PASSWORD")));
  BOOST_TEST(stale() == 0);

  // The login's language and saved filter.
  BOOST_TEST(IsOk(CallFrom(ip, owner, "usrparam", "sok=ok&lang=ru")));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(CallFrom(ip, owner, "whoami").child("doc").attribute("lang").value() ==
             std::string("ru"));
  BOOST_TEST(IsOk(CallFrom(ip, owner, "user.filter", "sok=ok&name=nothing-like-it")));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(!CallFrom(ip, owner, "user").child("doc").child("elem"));
  BOOST_TEST(IsOk(CallFrom(ip, owner, "user.filter", "sok=ok&name=")));

  // A permission group's rights, and the login's group and addresses.
  BOOST_TEST(ErrorType(CallFrom(ip, staff, "user.suspend", "elid=" + c.u)) == "access");
  BOOST_TEST(IsOk(
      c.owner.Call("group.edit", "sok=ok&elid=" + group + "&rights=users:read,users:suspend")));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(IsOk(CallFrom(ip, staff, "user.resume", "elid=" + c.u)));
  BOOST_TEST(IsOk(c.owner.Call("login.edit", "sok=ok&elid=" + staff_name + "&allowed_ips=" +
                                                 UrlEncode(SourceIp(6) + "/32"))));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(ErrorObjectOf(CallFrom(ip, staff, "whoami")) == "ip");
  BOOST_TEST(!ErrorOf(CallFrom(SourceIp(6), staff, "whoami")));

  // A login asked to change its password, then a second factor the owner enrols.
  BOOST_TEST(IsOk(c.owner.Call("login.edit",
                               "sok=ok&elid=" + staff_name + "&force_password_change=on")));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(ErrorObjectOf(CallFrom(SourceIp(6), staff, "user")) == "password_change");
  Enrol(owner);
  BOOST_TEST(stale() == 0);
  BOOST_TEST(!ErrorOf(CallFrom(ip, owner, "user")));

  // The company's addresses and the modules denied to it.
  BOOST_TEST(IsOk(As::Admin().Call(
      "reseller.edit", "sok=ok&elid=" + c.r + "&allowed_ips=" + UrlEncode(SourceIp(7) + "/32"))));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(ErrorObjectOf(CallFrom(ip, owner, "whoami")) == "ip");
  BOOST_TEST(IsOk(As::Admin().Call("reseller.edit", "sok=ok&elid=" + c.r + "&allowed_ips=")));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(!ErrorOf(CallFrom(ip, owner, "whoami")));
  BOOST_TEST(IsOk(As::Admin().Call("reseller.access", "sok=ok&elid=" + c.r + "&users=off")));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(ErrorType(CallFrom(ip, owner, "user")) == "access");
  BOOST_TEST(IsOk(As::Admin().Call("reseller.access", "sok=ok&elid=" + c.r + "&users=on")));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(!ErrorOf(CallFrom(ip, owner, "user")));

  // A second factor required of every reseller, then not.
  BOOST_TEST(IsOk(As::Admin().Call("totp.policy", "sok=ok&resellers=on")));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(IsOk(As::Admin().Call("totp.policy", "sok=ok")));
  BOOST_TEST(stale() == 0);

  // The account a session acts as, and that account's suspension.
  BOOST_TEST(IsOk(CallFrom(ip, admin, "su", "elid=" + c.r)));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(CallFrom(ip, admin, "whoami").child("doc").child("user").attribute("name").value() ==
             c.r);
  BOOST_TEST(IsOk(As::Admin().Call("user.suspend", "elid=" + c.u)));
  BOOST_TEST(stale() == 0);
  BOOST_TEST(ErrorType(CallFrom(ip, user, "whoami")) == "auth");  // its sessions ended
  BOOST_TEST(IsOk(As::Admin().Call("user.resume", "elid=" + c.u)));
  BOOST_TEST(stale() == 0);

  // A session opened before sessions carried a copy is filled on its next request.
  {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::Statement>(db->createStatement())
        ->execute(
            "UPDATE session s JOIN login l ON l.id = s.login_id SET s.identity = NULL "
            "WHERE l.name = '" +
            c.r + "'");
  }
  BOOST_TEST(stale() == 1);
  BOOST_TEST(!ErrorOf(CallFrom(ip, owner, "whoami")));
  BOOST_TEST(stale() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
