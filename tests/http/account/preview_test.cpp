// Issue 25: cascade previews. reseller/user .suspend, .resume and .delete with preview=on say
// what they would reach (accounts below, those suspended on their own, sessions that end, what a
// deletion needs cascade for) and change nothing; the panel's confirmation page shows it. An
// edit that lowers limits names the accounts over the new ones, and a move what goes with it,
// refused exactly as the change would be.

#include <boost/test/unit_test.hpp>
#include <map>

#include "http/api.h"
#include "http/http_fixture.h"

using namespace resellermgr::testing;

namespace {

pugi::xml_node RowOf(const pugi::xml_document& doc, const std::string& name) {
  for (pugi::xml_node elem : doc.child("doc").children("elem"))
    if (name == elem.child_value("name")) return elem;
  return {};
}

long long Number(pugi::xml_node row, const char* field) {
  return std::stoll(row.child_value(field));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(previews)

BOOST_AUTO_TEST_CASE(a_preview_says_what_a_change_reaches_and_changes_nothing) {
  const std::string r = Unique("pv");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  std::vector<std::string> users;
  for (int i = 0; i < 3; ++i) {
    users.push_back(Unique("pvu"));
    MakeUser(reseller, users.back());
  }
  BOOST_TEST_REQUIRE(IsOk(reseller.Call("user.suspend", "elid=" + users[0])));
  const std::string sid = LogIn(TestEnv("BASE_URL"), users[1], kPassword);

  for (const char* func : {"reseller.suspend", "reseller.delete", "reseller.resume"}) {
    const pugi::xml_document preview = As::Admin().Call(func, "elid=" + r + "&preview=on");
    BOOST_TEST_REQUIRE(!ErrorOf(preview), func << ": " << ErrorOf(preview).child_value("msg"));
    BOOST_TEST(std::string(preview.child("doc").child_value("preview")) == "on");
    const pugi::xml_node row = RowOf(preview, r);
    BOOST_TEST_REQUIRE(row, func);
    BOOST_TEST(Number(row, "users") == 3);
    BOOST_TEST(Number(row, "accounts") >= 4);  // it, its users (and its own client account)
    BOOST_TEST(Number(row, "suspended") == 1);
    BOOST_TEST(Number(row, "suspended_on_own") == 1);
    BOOST_TEST(Number(row, "sessions") >= 1);
    BOOST_TEST(Number(row, "owned") == 3);
  }
  // Nothing changed: the reseller is active, the session still works, nothing was audited.
  BOOST_TEST(
      std::string(RowOf(As::Admin().Call("reseller", "elid=" + r), r).child_value("active")) !=
      "off");
  BOOST_TEST(As::Session(sid).Call("whoami").child("doc").child("user"));
  BOOST_TEST(AuditRows("reseller.suspend", r, "suspended") == 0);
  BOOST_TEST(AuditRows("reseller.delete", r, "deleted") == 0);

  // A user's own preview, from its reseller.
  const pugi::xml_document user_preview =
      reseller.Call("user.delete", "elid=" + users[1] + "&preview=on");
  const pugi::xml_node user_row = RowOf(user_preview, users[1]);
  BOOST_TEST(Number(user_row, "accounts") == 1);
  BOOST_TEST(Number(user_row, "sessions") == 1);

  // The change itself: what the preview said.
  BOOST_TEST(IsOk(As::Admin().Call("reseller.suspend", "elid=" + r)));
  BOOST_TEST(!As::Session(sid).Call("whoami").child("doc").child("user"));
}

// A billing system may preview and then make the change with the key it made for that change:
// the preview is a read, it leaves the key to the change.
BOOST_AUTO_TEST_CASE(a_preview_leaves_the_idempotency_key_to_the_change) {
  const std::string r = Unique("pv");
  MakeReseller(r);
  const std::string key = Unique("key");
  BOOST_TEST(RowOf(
      As::Admin().Call("reseller.suspend", "elid=" + r + "&preview=on&idempotency_key=" + key), r));
  const pugi::xml_document done =
      As::Admin().Call("reseller.suspend", "elid=" + r + "&idempotency_key=" + key);
  BOOST_TEST(IsOk(done));
  BOOST_TEST(AuditRows("reseller.suspend", r, "suspended") == 1);
  // Sent again, the change is replayed, not made twice.
  BOOST_TEST(IsOk(As::Admin().Call("reseller.suspend", "elid=" + r + "&idempotency_key=" + key)));
  BOOST_TEST(AuditRows("reseller.suspend", r, "suspended") == 1);
}

BOOST_AUTO_TEST_CASE(a_preview_of_what_is_not_the_caller_s_reads_as_unknown) {
  const std::string a = Unique("pv"), b = Unique("pv");
  MakeReseller(a);
  MakeReseller(b);
  const std::string theirs = Unique("pvu");
  MakeUser(As::Login(b, kPassword), theirs);
  const pugi::xml_document refused =
      As::Login(a, kPassword).Call("user.suspend", "elid=" + theirs + "&preview=on");
  BOOST_TEST(ErrorType(refused) == "missed");
  BOOST_TEST(ErrorObjectOf(refused) == "elid");
  // Exactly what the change itself answers.
  BOOST_TEST(ErrorType(As::Login(a, kPassword).Call("user.suspend", "elid=" + theirs)) == "missed");
}

BOOST_AUTO_TEST_CASE(lowering_a_limit_is_previewed_with_the_accounts_over_it) {
  const std::string r = Unique("pl"), big = Unique("plb"), small = Unique("pls");
  MakeReseller(r, "limit_quota=10240&limit_users=10");
  MakeUser(As::Login(r, kPassword), big, "limit_quota=8192");
  MakeUser(As::Login(r, kPassword), small, "limit_quota=1024");
  const std::string lower = "sok=ok&elid=" + r + "&limit_quota=4096&limit_users=1&preview=on";
  const auto preview = As::Admin().Call("reseller.edit", lower);
  BOOST_TEST(preview.child("doc").child_value("preview") == std::string("on"));
  std::map<std::string, pugi::xml_node> rows;
  for (pugi::xml_node row : preview.child("doc").children("elem"))
    rows[row.child_value("limit")] = row;
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  BOOST_TEST(rows["limit_quota"].child_value("held") == std::string("9 GiB allocated"));
  BOOST_TEST(rows["limit_quota"].child_value("new") == std::string("4 GiB"));
  BOOST_TEST(std::string(rows["limit_quota"].child_value("accounts")).find(big) != std::string::npos);
  BOOST_TEST(std::string(rows["limit_users"].child_value("held")).find("2 users exist") == 0u);
  // Nothing changed; the change itself is refused for the first of them, as previewed.
  BOOST_TEST(
      As::Admin().Call("reseller.edit", "elid=" + r).child("doc").child_value("limit_quota") ==
      std::string("10240"));
  const auto refused = As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&limit_quota=4096");
  BOOST_TEST(ErrorObjectOf(refused) == "limit_quota");
  BOOST_TEST(Detail(refused).find(rows["limit_quota"].child_value("accounts")) !=
             std::string::npos);
  // A limit nobody is over: an empty preview, and the edit goes through.
  BOOST_TEST(!As::Admin()
                  .Call("reseller.edit", "sok=ok&elid=" + r + "&limit_quota=9216&preview=on")
                  .child("doc")
                  .child("elem"));
  BOOST_TEST(IsOk(As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&limit_quota=9216")));
  // A raise past what the owner can give is refused by the preview as by the edit.
  const std::string sub = Unique("plr");
  MakeReseller(sub, "limit_quota=1024&may_resell=on");
  const std::string child = Unique("plc");
  BOOST_REQUIRE(IsOk(As::Login(sub, kPassword)
                         .Call("reseller.edit", "sok=ok&name=" + child + "&passwd=" +
                                                    std::string(kPassword) + "&limit_quota=512")));
  const auto too_much =
      As::Login(sub, kPassword)
          .Call("reseller.edit", "sok=ok&elid=" + child + "&limit_quota=4096&preview=on");
  BOOST_TEST(ErrorType(too_much) == "limit");
  BOOST_TEST(ErrorType(As::Login(sub, kPassword)
                           .Call("reseller.edit", "sok=ok&elid=" + child + "&limit_quota=4096")) ==
             "limit");
}

BOOST_AUTO_TEST_CASE(a_move_is_previewed_by_running_it_and_taking_it_back) {
  const std::string a = Unique("pma"), b = Unique("pmb"), u = Unique("pmu");
  MakeReseller(a, "limit_users=5");
  MakeReseller(b, "limit_users=1");
  MakeUser(As::Login(a, kPassword), u);
  const auto users_of = [](const std::string& reseller) {
    return FindRow(As::Admin().Call("reseller", "p_cnt=1000"), reseller)
        .child("users")
        .attribute("used")
        .as_int();
  };
  const int a_before = users_of(a), b_before = users_of(b);
  const auto preview =
      As::Admin().Call("user.move", "sok=ok&elid=" + u + "&owner=" + b + "&preview=on");
  const pugi::xml_node row = RowOf(preview, u);
  BOOST_REQUIRE(row);
  BOOST_TEST(row.child_value("from") == a);
  BOOST_TEST(row.child_value("to") == b);
  BOOST_TEST(Number(row, "users") == 1);
  // Nothing moved.
  BOOST_TEST(users_of(a) == a_before);
  BOOST_TEST(users_of(b) == b_before);
  BOOST_TEST(As::Admin().Call("user.edit", "elid=" + u).child("doc").child_value("owner") == a);
  // The move does what the preview said.
  BOOST_REQUIRE(IsOk(As::Admin().Call("user.move", "sok=ok&elid=" + u + "&owner=" + b)));
  BOOST_TEST(users_of(a) == a_before - Number(row, "users"));
  BOOST_TEST(users_of(b) == b_before + Number(row, "users"));
  // Where it would not fit, the preview is refused as the move is.
  const std::string v = Unique("pmv");
  MakeUser(As::Login(a, kPassword), v);
  const auto full =
      As::Admin().Call("user.move", "sok=ok&elid=" + v + "&owner=" + b + "&preview=on");
  BOOST_TEST(ErrorType(full) == "limit");
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("user.move", "sok=ok&elid=" + v + "&owner=" + b)) ==
             ErrorObjectOf(full));
  // Another reseller's user reads as unknown.
  BOOST_TEST(ErrorType(As::Login(b, kPassword)
                           .Call("user.move",
                                 "sok=ok&elid=" + v + "&owner=" + b + "&preview=on")) == "missed");
}

BOOST_AUTO_TEST_CASE(the_confirmation_page_shows_the_reach) {
  const std::string r = Unique("pv");
  MakeReseller(r);
  for (int i = 0; i < 2; ++i) MakeUser(As::Login(r, kPassword), Unique("pvu"));
  const std::string sid =
      LogIn(TestEnv("BASE_URL"), TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  const HttpResponse page =
      HttpGet(Url("func=reseller.suspend&elid=" + r),
              {.cookie = "resellermgr_ses=" + sid, .accept = "text/html,application/xhtml+xml"});
  BOOST_TEST_REQUIRE(page.status == 200);
  const std::size_t at = page.body.find("id=\"reach-" + r + "\"");
  BOOST_TEST_REQUIRE(at != std::string::npos, page.body.substr(0, 400));
  const std::string reach = page.body.substr(at, page.body.find("</span>", at) - at);
  BOOST_TEST(reach.find("2 users") != std::string::npos, reach);
  BOOST_TEST(reach.find("open sessions end") != std::string::npos, reach);
}

BOOST_AUTO_TEST_SUITE_END()
