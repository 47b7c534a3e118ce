// Webhooks per account and the event feed (issue 25 item 1) over the real stack: each reseller's
// receiver gets exactly its subtree's events, signed with its own secret; a receiver can tell a
// replay from a duplicate; the feed returns every event once, in order, across a receiver's
// outage; URLs that reach inside the network are refused when saved and when connecting; secrets
// rotate with an overlap and are shown once; and nobody reads or touches another's webhooks.

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <boost/test/unit_test.hpp>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/webhook/receiver.h"
#include "util/crypto.h"

using namespace resellermgr::testing;
namespace util = resellermgr::util;

namespace {

nlohmann::json Body(const Delivered& r) { return nlohmann::json::parse(r.body, nullptr, false); }

// What a careful receiver does with a delivery: the signature checked under `secret` (any v1
// may match), then the time (five minutes at most), then the event id (seen once).
std::string Verify(const Delivered& r, const std::string& secret, std::set<std::string>& seen,
                   std::time_t now = std::time(nullptr)) {
  const std::string& h = r.signature;
  if (h.rfind("t=", 0) != 0) return "no signature";
  const std::string t = h.substr(2, h.find(',') - 2);
  const std::string expected = util::HexEncode(util::HmacSha256(secret, t + "." + r.body));
  bool matched = false;
  for (std::size_t at = h.find("v1="); at != std::string::npos; at = h.find("v1=", at + 3))
    matched = matched || h.substr(at + 3, 64) == expected;
  if (!matched) return "bad signature";
  const nlohmann::json body = Body(r);
  if (!body.is_object() || body.value("sent_at", 0LL) != std::stoll(t)) return "bad signature";
  if (now - std::stoll(t) > 300) return "too old";
  if (!seen.insert(std::to_string(body.value("event_id", 0LL))).second) return "duplicate";
  return "ok";
}

// The subjects of the deliveries that arrived whose target contains `mark`.
std::multiset<std::string> Subjects(const std::vector<Delivered>& all, const std::string& mark) {
  std::multiset<std::string> subjects;
  for (const Delivered& r : all) {
    const nlohmann::json body = Body(r);
    if (body.is_object() && body.value("target", "").find(mark) != std::string::npos)
      subjects.insert(body.value("event", "") + " " + body.value("subject", ""));
  }
  return subjects;
}

struct Hook {
  std::string id, secret;
};

// A webhook `owner` makes for itself (a public URL it may have), which the admin then points at
// `receiver` on loopback, allowing it private addresses.
Hook Subscribe(const As& owner, const HookReceiver& receiver, const std::string& events) {
  const auto made = owner.Call("webhook.edit", "sok=ok&url=" + UrlEncode("http://93.184.216.34/h") +
                                                   "&events=" + UrlEncode(events));
  BOOST_REQUIRE_MESSAGE(IsOk(made), Detail(made));
  Hook hook{made.child("doc").child_value("id"), made.child("doc").child_value("secret")};
  BOOST_REQUIRE(hook.secret.rfind("whsec_", 0) == 0);
  const auto allowed = As::Admin().Call(
      "webhook.edit", "sok=ok&elid=" + hook.id + "&url=" + UrlEncode(receiver.Url()) +
                          "&events=" + UrlEncode(events) + "&allow_private=on");
  BOOST_REQUIRE_MESSAGE(IsOk(allowed), Detail(allowed));
  return hook;
}

long long Scalar(const std::string& sql, const std::string& value = {}) {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> s(db->prepareStatement(sql));
  if (!value.empty()) s->setString(1, value);
  std::unique_ptr<sql::ResultSet> rows(s->executeQuery());
  return rows->next() ? rows->getInt64(1) : -1;
}

pugi::xml_node Row(const pugi::xml_document& list, const std::string& id) {
  for (pugi::xml_node row : list.child("doc").children("elem"))
    if (std::string(row.child_value("id")) == id) return row;
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhooks)

BOOST_AUTO_TEST_CASE(each_receiver_gets_exactly_its_subtrees_events_signed_with_its_secret) {
  const std::string r1 = Unique("whr"), sub = Unique("whs"), r2 = Unique("whq");
  MakeReseller(r1, "may_resell=on");
  MakeReseller(r2);
  const As reseller1 = As::Login(r1, kPassword), reseller2 = As::Login(r2, kPassword);
  BOOST_REQUIRE(
      IsOk(reseller1.Call("reseller.edit", "sok=ok&name=" + sub + "&passwd=" + kPassword)));
  const As subreseller = As::Login(sub, kPassword);
  HookReceiver at1, at2, at_sub, at_admin;
  const Hook h1 = Subscribe(reseller1, at1, "user.*, reseller.*");
  const Hook h2 = Subscribe(reseller2, at2, "*");
  const Hook hs = Subscribe(subreseller, at_sub, "user.*");
  const auto admin_made = As::Admin().Call(
      "webhook.edit", "sok=ok&url=" + UrlEncode(at_admin.Url()) + "&events=user.suspended" +
                          "&allow_private=on&description=ops");
  BOOST_REQUIRE(IsOk(admin_made));
  const std::string admin_secret = admin_made.child("doc").child_value("secret");

  // The changes, by whoever makes them: the events are their accounts'.
  const std::string u1 = Unique("whu"), us = Unique("whv"), u2 = Unique("whw");
  MakeUser(reseller1, u1);
  MakeUser(subreseller, us);
  MakeUser(reseller2, u2);
  BOOST_REQUIRE(IsOk(As::Admin().Call("user.suspend", "elid=" + u1)));  // the admin, on r1's user
  BOOST_REQUIRE(IsOk(reseller1.Call("user.suspend", "elid=" + us)));    // r1, on its sub's user
  BOOST_REQUIRE(IsOk(As::Admin().Call("user.suspend", "elid=" + u2)));
  BOOST_REQUIRE(IsOk(reseller2.Call("user.resume", "elid=" + u2)));

  const std::multiset<std::string> want1 = {"user.created " + u1, "user.created " + us,
                                            "user.suspended " + u1, "user.suspended " + us};
  const std::multiset<std::string> want_sub = {"user.created " + us, "user.suspended " + us};
  const std::multiset<std::string> want2 = {"user.created " + u2, "user.suspended " + u2,
                                            "user.resumed " + u2};
  const std::multiset<std::string> want_admin = {"user.suspended " + u1, "user.suspended " + us,
                                                 "user.suspended " + u2};
  BOOST_TEST(at1.WaitFor([&](const auto& all) { return Subjects(all, "wh") == want1; }));
  BOOST_TEST(at_sub.WaitFor([&](const auto& all) { return Subjects(all, "wh") == want_sub; }));
  BOOST_TEST(at2.WaitFor([&](const auto& all) { return Subjects(all, "wh") == want2; }));
  BOOST_TEST(at_admin.WaitFor([&](const auto& all) { return Subjects(all, "wh") == want_admin; }));
  // Nothing more arrives later (each event once to each receiver that takes it).
  std::this_thread::sleep_for(std::chrono::seconds(2));
  BOOST_TEST((Subjects(at1.All(), "wh") == want1));
  BOOST_TEST((Subjects(at2.All(), "wh") == want2));
  BOOST_TEST((Subjects(at_sub.All(), "wh") == want_sub));
  BOOST_TEST(Subjects(at1.All(), u2).empty());  // never another reseller's

  // Signed with each webhook's own secret, and with nobody else's.
  std::set<std::string> seen1, seen2, seen_sub, seen_admin, seen_wrong;
  for (const Delivered& r : at1.All()) {
    BOOST_TEST(Verify(r, h1.secret, seen1) == "ok");
    BOOST_TEST(Verify(r, h2.secret, seen_wrong) == "bad signature");
  }
  for (const Delivered& r : at2.All()) BOOST_TEST(Verify(r, h2.secret, seen2) == "ok");
  for (const Delivered& r : at_sub.All()) BOOST_TEST(Verify(r, hs.secret, seen_sub) == "ok");
  for (const Delivered& r : at_admin.All()) BOOST_TEST(Verify(r, admin_secret, seen_admin) == "ok");

  // The same events in the feed, by the same numbers, with the same payload.
  const auto feed = reseller1.Call("event", "limit=1000");
  std::map<std::string, std::string> by_id;
  for (pugi::xml_node row : feed.child("doc").children("elem"))
    by_id[row.child_value("id")] =
        std::string(row.child_value("event")) + " " + row.child_value("subject");
  for (const Delivered& r : at1.All()) {
    const nlohmann::json body = Body(r);
    const std::string id = std::to_string(body.value("event_id", 0LL));
    BOOST_TEST(r.event_id == id);
    BOOST_TEST(by_id[id] == body.value("event", "") + " " + body.value("subject", ""));
  }
  for (const auto& [id, what] : by_id) BOOST_TEST(what.find(u2) == std::string::npos);
  // The deliveries are listed with the receiver's answer.
  const auto deliveries = reseller1.Call("webhook.delivery", "elid=" + h1.id);
  BOOST_TEST(std::distance(deliveries.child("doc").children("elem").begin(),
                           deliveries.child("doc").children("elem").end()) >= 4);
  for (pugi::xml_node row : deliveries.child("doc").children("elem")) {
    BOOST_TEST(row.child_value("state") == std::string("delivered"));
    BOOST_TEST(row.child_value("code") == std::string("200"));
  }
}

BOOST_AUTO_TEST_CASE(a_receiver_tells_a_replay_from_a_delivery_sent_again) {
  const std::string r = Unique("whx");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  HookReceiver receiver;
  const Hook hook = Subscribe(reseller, receiver, "user.created");
  const std::string u = Unique("whxu");
  MakeUser(reseller, u);
  BOOST_REQUIRE(receiver.WaitFor([](const auto& all) { return all.size() == 1; }));
  const Delivered first = receiver.All().front();
  std::set<std::string> seen;
  BOOST_TEST(Verify(first, hook.secret, seen) == "ok");

  // A captured delivery posted again: the id is known (and after five minutes, too old).
  BOOST_TEST(Verify(first, hook.secret, seen) == "duplicate");
  std::set<std::string> fresh;
  BOOST_TEST(Verify(first, hook.secret, fresh, std::time(nullptr) + 600) == "too old");
  // Its time changed to look new: the signature no longer matches.
  Delivered forged = first;
  const std::string old_t = forged.signature.substr(2, forged.signature.find(',') - 2);
  forged.signature.replace(2, old_t.size(), std::to_string(std::stoll(old_t) + 400));
  BOOST_TEST(Verify(forged, hook.secret, fresh, std::stoll(old_t) + 400) == "bad signature");

  // "Send again": the same event id, a new time and signature; the receiver drops it as seen.
  const auto list = reseller.Call("webhook.delivery", "elid=" + hook.id);
  const std::string delivery = list.child("doc").child("elem").child_value("id");
  BOOST_TEST(delivery == first.delivery);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // another second for sent_at
  BOOST_REQUIRE(
      IsOk(reseller.Call("webhook.delivery.resend", "plid=" + hook.id + "&elid=" + delivery)));
  BOOST_REQUIRE(receiver.WaitFor([](const auto& all) { return all.size() == 2; }));
  const Delivered again = receiver.All().back();
  BOOST_TEST(again.event_id == first.event_id);
  BOOST_TEST(again.signature != first.signature);
  BOOST_TEST(Verify(again, hook.secret, seen) == "duplicate");
  std::set<std::string> other;
  BOOST_TEST(Verify(again, hook.secret, other) == "ok");
  // The resend is audited; a delivery of another webhook is not this one's to resend.
  BOOST_TEST(Scalar("SELECT COUNT(*) FROM audit_log WHERE func = 'webhook.delivery.resend' AND "
                    "target = ?",
                    "webhook " + hook.id) == 1);
  BOOST_TEST(ErrorType(reseller.Call(
                 "webhook.delivery.resend",
                 "plid=" + hook.id + "&elid=" + UrlEncode(delivery + ", 999999999"))) == "missed");
}

BOOST_AUTO_TEST_CASE(the_feed_returns_every_event_once_across_a_receiver_outage) {
  const std::string r = Unique("whf"), other = Unique("whg");
  MakeReseller(r);
  MakeReseller(other);
  const As reseller = As::Login(r, kPassword);
  HookReceiver receiver;
  receiver.Answer("503 Service Unavailable");
  const Hook hook = Subscribe(reseller, receiver, "user.*");
  const long long start =
      std::stoll(reseller.Call("event", "limit=1").child("doc").child_value("next"));

  constexpr int kUsers = 12;
  std::vector<std::string> users;
  for (int i = 0; i < kUsers; ++i) {
    users.push_back(Unique("whfu"));
    MakeUser(reseller, users.back());
    MakeUser(As::Login(other, kPassword), Unique("whgu"));  // another's, interleaved
  }
  // The receiver is down: the deliveries fail and say why.
  BOOST_TEST(receiver.WaitFor([](const auto& all) { return all.size() >= kUsers; }));
  const auto failing = reseller.Call("webhook.delivery", "elid=" + hook.id);
  int retrying = 0;
  for (pugi::xml_node row : failing.child("doc").children("elem")) {
    if (std::string(row.child_value("state")) == "failing") {
      ++retrying;
      BOOST_TEST(row.child_value("code") == std::string("503"));
      BOOST_TEST(row.child_value("error") == std::string("HTTP 503"));
    }
  }
  BOOST_TEST(retrying >= 1);
  BOOST_TEST(Row(reseller.Call("webhook"), hook.id).child_value("failing") != std::string("0"));

  // Meanwhile the feed, in pages of five from where the caller last was: every event once,
  // in order, only its own.
  std::vector<std::string> read;
  long long after = start, last = start;
  for (int page = 0; page < 20; ++page) {
    const auto doc = reseller.Call("event", "after=" + std::to_string(after) + "&limit=5");
    int rows = 0;
    for (pugi::xml_node row : doc.child("doc").children("elem")) {
      ++rows;
      const long long id = std::stoll(row.child_value("id"));
      BOOST_TEST(id > last);
      last = id;
      if (std::string(row.child_value("event")).rfind("user.", 0) == 0)  // not its webhook's own
        read.push_back(std::string(row.child_value("event")) + " " + row.child_value("subject"));
      BOOST_TEST(std::string(row.child_value("subject")).find("whgu") == std::string::npos);
    }
    after = std::stoll(doc.child("doc").child_value("next"));
    if (rows == 0) break;
  }
  std::vector<std::string> want;
  for (const std::string& u : users) want.push_back("user.created " + u);
  BOOST_TEST(read == want, boost::test_tools::per_element());
  // The admin's feed has both resellers' events.
  const auto admin_feed =
      As::Admin().Call("event", "after=" + std::to_string(start) + "&limit=1000");
  int theirs = 0;
  for (pugi::xml_node row : admin_feed.child("doc").children("elem"))
    theirs += std::string(row.child_value("subject")).find("whgu") == 0 ? 1 : 0;
  BOOST_TEST(theirs == kUsers);

  // Back up: the retries bring every event, each once (duplicates dropped by id).
  receiver.Answer("200 OK");
  BOOST_REQUIRE(IsOk(reseller.Call(
      "webhook.delivery.resend", "plid=" + hook.id + "&elid=" + [&] {
        std::string ids;
        for (pugi::xml_node row : failing.child("doc").children("elem"))
          ids += (ids.empty() ? "" : ", ") + std::string(row.child_value("id"));
        return UrlEncode(ids);
      }())));
  std::set<std::string> seen;
  std::multiset<std::string> got;
  BOOST_TEST(receiver.WaitFor([&](const auto& all) {
    std::set<std::string> ids;
    for (const Delivered& r : all)
      if (r.signature.size() && Body(r).value("event", "") == "user.created")
        ids.insert(r.event_id);
    return ids.size() == kUsers;
  }));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  for (const Delivered& r : receiver.All()) {
    if (Verify(r, hook.secret, seen) == "ok") got.insert(Body(r).value("subject", ""));
  }
  BOOST_TEST(got == std::multiset<std::string>(users.begin(), users.end()));
  for (pugi::xml_node row :
       reseller.Call("webhook.delivery", "elid=" + hook.id).child("doc").children("elem"))
    BOOST_TEST(row.child_value("state") == std::string("delivered"));
}

BOOST_AUTO_TEST_CASE(urls_that_reach_inside_the_network_are_refused) {
  const std::string r = Unique("whi");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  HookReceiver inside;
  for (const std::string& url :
       {inside.Url(), std::string("http://localhost:") + std::to_string(inside.port()) + "/h",
        std::string("http://10.0.0.1/h"), std::string("http://169.254.169.254/latest/meta-data"),
        std::string("http://[::1]:") + std::to_string(inside.port()) + "/",
        std::string("http://[::ffff:127.0.0.1]/"), std::string("http://2130706433/"),
        std::string("http://192.168.1.1/"), std::string("https://172.16.5.4/"),
        std::string("http://0.0.0.0/"), std::string("ftp://93.184.216.34/"),
        std::string("gopher://93.184.216.34:25/"), std::string("file:///etc/passwd"),
        std::string("http://user:pw@93.184.216.34/")}) {
    const auto refused = reseller.Call("webhook.edit", "sok=ok&events=*&url=" + UrlEncode(url));
    BOOST_TEST(ErrorType(refused) == "value", url);
    BOOST_TEST(ErrorObjectOf(refused) == "url", url);
  }
  BOOST_TEST(
      Detail(reseller.Call("webhook.edit", "sok=ok&events=*&url=" + UrlEncode(inside.Url()))) ==
      "127.0.0.1 is a loopback address: webhooks call public addresses only");
  // Only the admin allows private addresses.
  const auto asked = reseller.Call(
      "webhook.edit", "sok=ok&events=*&allow_private=on&url=" + UrlEncode(inside.Url()));
  BOOST_TEST(ErrorType(asked) == "access");
  BOOST_TEST(Scalar("SELECT COUNT(*) FROM webhook w JOIN account a ON a.id = w.account_id "
                    "WHERE a.name = ?",
                    r) == 0);

  // Allowed by the admin, then the reseller moves it elsewhere: the leave goes with the URL.
  const Hook hook = Subscribe(reseller, inside, "user.*");
  BOOST_REQUIRE(
      IsOk(reseller.Call("webhook.edit", "sok=ok&elid=" + hook.id + "&events=user.*" +
                                             "&description=kept&url=" + UrlEncode(inside.Url()))));
  BOOST_TEST(Row(reseller.Call("webhook"), hook.id).child_value("allow_private") ==
             std::string("on"));
  BOOST_TEST(
      ErrorObjectOf(reseller.Call("webhook.edit", "sok=ok&elid=" + hook.id + "&events=user.*&url=" +
                                                      UrlEncode("http://10.1.1.1/"))) == "url");

  // A redirect is an answer, never followed.
  inside.Answer("302 Found", "Location: http://10.0.0.1/internal\r\n");
  MakeUser(reseller, Unique("whiu"));
  BOOST_TEST(inside.WaitFor([](const auto& all) { return all.size() >= 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto redirected = reseller.Call("webhook.delivery", "elid=" + hook.id);
  BOOST_TEST(redirected.child("doc").child("elem").child_value("code") == std::string("302"));
  BOOST_TEST(redirected.child("doc").child("elem").child_value("error") == std::string("HTTP 302"));

  // Where a name resolves when the delivery connects is checked again: this webhook's leave
  // withdrawn (as for a name that pointed elsewhere when saved), nothing reaches the receiver.
  inside.Answer("200 OK");
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> withdraw(
      db->prepareStatement("UPDATE webhook SET allow_private = 0 WHERE id = ?"));
  withdraw->setString(1, hook.id);
  withdraw->executeUpdate();
  const std::size_t before = inside.Count();
  const std::string u = Unique("whiv");
  MakeUser(reseller, u);
  bool refused = false;
  for (int i = 0; i < 60 && !refused; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    for (pugi::xml_node row :
         reseller.Call("webhook.delivery", "elid=" + hook.id).child("doc").children("elem"))
      refused = refused || std::string(row.child_value("error")) ==
                               "refused to connect: the address is a loopback address";
  }
  BOOST_TEST(refused);
  BOOST_TEST(Subjects(inside.All(), u).empty());
  BOOST_TEST(inside.Count() <= before + 0u);
}

BOOST_AUTO_TEST_CASE(a_rotated_secret_signs_beside_the_new_one_for_the_overlap) {
  const std::string r = Unique("whk");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  HookReceiver receiver;
  const Hook hook = Subscribe(reseller, receiver, "user.created");
  const auto rotated = reseller.Call("webhook.rotate", "sok=ok&elid=" + hook.id + "&overlap=2");
  BOOST_REQUIRE(IsOk(rotated));
  const std::string secret = rotated.child("doc").child_value("secret");
  BOOST_TEST(secret != hook.secret);
  BOOST_TEST(rotated.child("doc").child("once"));
  BOOST_TEST(std::string(rotated.child("doc").child_value("previous_until")).size() == 19u);
  MakeUser(reseller, Unique("whku"));
  BOOST_REQUIRE(receiver.WaitFor([](const auto& all) { return all.size() == 1; }));
  std::set<std::string> a, b;
  BOOST_TEST(Verify(receiver.All()[0], secret, a) == "ok");
  BOOST_TEST(Verify(receiver.All()[0], hook.secret, b) == "ok");  // the old one, still

  // Without an overlap the old secret stops at once.
  const auto again = reseller.Call("webhook.rotate", "sok=ok&elid=" + hook.id + "&overlap=0");
  const std::string newest = again.child("doc").child_value("secret");
  MakeUser(reseller, Unique("whku"));
  BOOST_REQUIRE(receiver.WaitFor([](const auto& all) { return all.size() == 2; }));
  std::set<std::string> c, d, e;
  BOOST_TEST(Verify(receiver.All()[1], newest, c) == "ok");
  BOOST_TEST(Verify(receiver.All()[1], secret, d) == "bad signature");
  BOOST_TEST(Verify(receiver.All()[1], hook.secret, e) == "bad signature");
  BOOST_TEST(ErrorObjectOf(reseller.Call("webhook.rotate",
                                         "sok=ok&elid=" + hook.id + "&overlap=500")) == "overlap");

  // A secret is never shown again, echoed or audited.
  for (const std::string& shown :
       {HttpGet(Url(reseller.credentials + "&func=webhook&out=xml")).body,
        HttpGet(Url(reseller.credentials + "&func=webhook.edit&elid=" + hook.id)).body,
        HttpGet(Url(reseller.credentials + "&func=event&out=json&limit=1000")).body}) {
    for (const std::string& s : {hook.secret, secret, newest})
      BOOST_TEST(shown.find(s) == std::string::npos);
  }
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> audit(db->prepareStatement(
      "SELECT COUNT(*) FROM audit_log WHERE params LIKE ? OR params LIKE ? OR params LIKE ?"));
  audit->setString(1, "%" + hook.secret + "%");
  audit->setString(2, "%" + secret + "%");
  audit->setString(3, "%" + newest + "%");
  std::unique_ptr<sql::ResultSet> rows(audit->executeQuery());
  rows->next();
  BOOST_TEST(rows->getInt64(1) == 0);
}

BOOST_AUTO_TEST_CASE(nobody_reads_or_touches_anothers_webhooks) {
  const std::string r1 = Unique("whm"), r2 = Unique("whn"), u = Unique("whnu");
  MakeReseller(r1);
  MakeReseller(r2);
  const As reseller1 = As::Login(r1, kPassword), reseller2 = As::Login(r2, kPassword);
  MakeUser(reseller1, u);
  HookReceiver receiver;
  const Hook hook = Subscribe(reseller1, receiver, "*");
  BOOST_TEST(!Row(reseller2.Call("webhook"), hook.id));
  BOOST_TEST(Row(reseller1.Call("webhook"), hook.id));
  BOOST_TEST(Row(As::Admin().Call("webhook"), hook.id).child_value("owner") == r1);
  for (const std::string& call :
       {std::string("webhook.edit&elid=") + hook.id,
        "webhook.edit&sok=ok&events=*&url=http%3A%2F%2F93.184.216.34%2F&elid=" + hook.id,
        "webhook.delete&elid=" + hook.id, "webhook.rotate&sok=ok&elid=" + hook.id,
        "webhook.delivery&elid=" + hook.id,
        "webhook.delivery.resend&plid=" + hook.id + "&elid=1"}) {
    const auto refused =
        reseller2.Call(call.substr(0, call.find('&')), call.substr(call.find('&') + 1));
    BOOST_TEST(ErrorType(refused) == "missed", call);
  }
  // Users have no webhooks or feed; a sub-reseller of another is not an owner for them.
  for (const char* func : {"webhook", "event", "webhook.edit"})
    BOOST_TEST(ErrorType(As::Login(u, kPassword).Call(func)) == "access", func);
  BOOST_TEST(ErrorObjectOf(reseller2.Call(
                 "webhook.edit",
                 "sok=ok&events=*&owner=" + r1 + "&url=http%3A%2F%2F93.184.216.34%2F")) == "owner");
  BOOST_TEST(ErrorObjectOf(reseller1.Call("webhook.edit",
                                          "sok=ok&url=http%3A%2F%2F93.184.216.34%2F"
                                          "&events=acount.*")) == "events");
  // Deleted with its deliveries, audited as the owner's event.
  BOOST_REQUIRE(IsOk(reseller1.Call("webhook.delete", "elid=" + hook.id)));
  BOOST_TEST(!Row(reseller1.Call("webhook"), hook.id));
  BOOST_TEST(Scalar("SELECT COUNT(*) FROM webhook_delivery WHERE webhook_id = ?", hook.id) == 0);
  BOOST_TEST(Scalar("SELECT COUNT(*) FROM outbox_event WHERE kind = 'webhook.deleted' AND "
                    "target = ?",
                    "webhook " + hook.id) == 1);
}

// Scale: 3,000 events of one reseller's subtree (written straight into the outbox, as 3,000
// changes would have) are numbered, handed to its webhook and delivered, each exactly once;
// the time is logged (--log_level=message) for the figures in the note.
BOOST_AUTO_TEST_CASE(three_thousand_events_reach_the_receiver_once_each) {
  const std::string r = Unique("whz");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  HookReceiver receiver;
  const Hook hook = Subscribe(reseller, receiver, "user.*");
  constexpr int kEvents = 3000;
  const auto start = std::chrono::steady_clock::now();
  {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::PreparedStatement> put(db->prepareStatement(
        "INSERT INTO outbox_event (kind, account_id, subject_path, target, payload) "
        "SELECT 'user.changed', a.id, a.tree_path, CONCAT('scale-', n.seq), "
        "JSON_OBJECT('event', 'user.changed', 'target', CONCAT('scale-', n.seq), "
        "'subject', a.name) FROM account a JOIN seq_1_to_3000 n WHERE a.name = ?"));
    put->setString(1, r);
    BOOST_REQUIRE_EQUAL(put->executeUpdate(), kEvents);
  }
  const bool all = receiver.WaitFor(
      [](const auto& got) { return got.size() >= static_cast<std::size_t>(kEvents); }, 120);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(all);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  std::set<std::string> ids, targets;
  std::set<std::string> seen;
  for (const Delivered& d : receiver.All()) {
    ids.insert(d.event_id);
    targets.insert(Body(d).value("target", ""));
    BOOST_TEST(Verify(d, hook.secret, seen) == "ok");
  }
  BOOST_TEST(receiver.Count() == static_cast<std::size_t>(kEvents));  // none twice
  BOOST_TEST(ids.size() == static_cast<std::size_t>(kEvents));
  BOOST_TEST(targets.size() == static_cast<std::size_t>(kEvents));
  BOOST_TEST_MESSAGE("webhooks: " << kEvents << " events sealed, fanned out and delivered in "
                                  << seconds << " s (" << kEvents / seconds << " a second)");
}

BOOST_AUTO_TEST_SUITE_END()
