// Issue 26: a list read with a session a worker has seen is one round trip: the worker takes the
// session as it last found it and the page's statement asks whether it still reads so
// (db::CarriedCheck). Whatever changed in between, on whichever worker answers, the reply is
// the one the session reads as now: each step below calls the lists a dozen times (the stack
// runs four workers), before and after a change.

#include "http/organisation.h"

using namespace resellermgr::testing;

namespace {

constexpr int kCalls = 12;

// The names a list shows, joined by spaces, or "error:TYPE".
std::string Shown(const std::string& ip, const As& as, const std::string& func) {
  const pugi::xml_document doc = CallFrom(ip, as, func);
  if (ErrorOf(doc)) return "error:" + ErrorType(doc);
  std::string names;
  for (pugi::xml_node elem : doc.child("doc").children("elem"))
    names += (names.empty() ? "" : " ") + std::string(elem.child_value("name"));
  return names;
}

// Every one of kCalls calls shows `expected`.
void AlwaysShows(const std::string& ip, const As& as, const std::string& func,
                 const std::string& expected) {
  for (int i = 0; i < kCalls; ++i) {
    const std::string shown = Shown(ip, as, func);
    BOOST_TEST_REQUIRE(shown == expected, func << " call " << i + 1 << " showed '" << shown
                                               << "', expected '" << expected << "'");
  }
}

std::string OpenSession(const std::string& ip, const std::string& name,
                        const std::string& password) {
  const HttpResponse opened = HttpPost(
      Url(""), "func=auth&out=xml&username=" + UrlEncode(name) + "&password=" + UrlEncode(password),
      {.source_ip = ip});
  const std::string sid = opened.Xml().child("doc").child("auth").attribute("id").value();
  BOOST_REQUIRE_MESSAGE(!sid.empty(), "no session for " << name);
  return sid;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sessions)

BOOST_AUTO_TEST_CASE(a_list_read_as_the_worker_saw_the_session_answers_to_every_change) {
  const Company c;
  const std::string ip = SourceIp(9);
  const std::string group = Unique("Seen");
  BOOST_TEST_REQUIRE(
      IsOk(c.owner.Call("group.edit", "sok=ok&name=" + group + "&rights=users:read")));
  const std::string staff_name = Unique("seen");
  c.Staff(staff_name, group);
  const As owner = As::Session(OpenSession(ip, c.r, kPassword));
  const As staff = As::Session(OpenSession(ip, staff_name, kPassword));
  const As admin = As::Session(OpenSession(ip, TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD")));
  AlwaysShows(ip, owner, "user", c.u);
  AlwaysShows(ip, staff, "user", c.u);

  // The modules denied to the company, by the admin.
  BOOST_TEST_REQUIRE(
      IsOk(As::Admin().Call("reseller.access", "sok=ok&elid=" + c.r + "&users=off")));
  AlwaysShows(ip, owner, "user", "error:access");
  BOOST_TEST_REQUIRE(IsOk(As::Admin().Call("reseller.access", "sok=ok&elid=" + c.r + "&users=on")));
  AlwaysShows(ip, owner, "user", c.u);

  // A filter the session saves itself.
  BOOST_TEST_REQUIRE(IsOk(CallFrom(ip, owner, "user.filter", "sok=ok&name=nothing-like-it")));
  AlwaysShows(ip, owner, "user", "");
  BOOST_TEST_REQUIRE(IsOk(CallFrom(ip, owner, "user.filter", "sok=ok&name=")));
  AlwaysShows(ip, owner, "user", c.u);

  // The staff login's group loses, then gets back, the right to read users.
  BOOST_TEST_REQUIRE(IsOk(c.owner.Call("group.edit", "sok=ok&elid=" + group + "&rights=")));
  AlwaysShows(ip, staff, "user", "error:access");
  BOOST_TEST_REQUIRE(
      IsOk(c.owner.Call("group.edit", "sok=ok&elid=" + group + "&rights=users:read")));
  AlwaysShows(ip, staff, "user", c.u);

  // The admin's session acts as the company (su), then as itself again.
  const std::string all_resellers = Shown(ip, admin, "reseller");
  BOOST_TEST_REQUIRE(all_resellers.find(c.r) != std::string::npos);
  BOOST_TEST_REQUIRE(IsOk(CallFrom(ip, admin, "su", "elid=" + c.r)));
  AlwaysShows(ip, admin, "user", c.u);
  AlwaysShows(ip, admin, "reseller", "");  // its sub-resellers: none
  BOOST_TEST_REQUIRE(IsOk(CallFrom(ip, admin, "su.back")));
  BOOST_TEST(Shown(ip, admin, "reseller").find(c.r) != std::string::npos);

  // A suspended company's sessions end, and stay ended after it is resumed.
  BOOST_TEST_REQUIRE(IsOk(As::Admin().Call("reseller.suspend", "elid=" + c.r)));
  AlwaysShows(ip, owner, "user", "error:auth");
  AlwaysShows(ip, staff, "user", "error:auth");
  BOOST_TEST_REQUIRE(IsOk(As::Admin().Call("reseller.resume", "elid=" + c.r)));
  AlwaysShows(ip, owner, "user", "error:auth");

  // A logout, on whichever worker, ends the session on all of them.
  BOOST_TEST_REQUIRE(IsOk(CallFrom(ip, admin, "session.delete")));
  AlwaysShows(ip, admin, "reseller", "error:auth");
}

BOOST_AUTO_TEST_SUITE_END()
