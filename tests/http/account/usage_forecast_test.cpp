// Predictive quota alerts (issue 25 item 5) over the real stack: a synthetic two-week usage
// trend (written into the history as the intake would have) and today's report put a user, and
// its reseller's own pool, within the horizon of their disk limits: each is told once, by mail
// and event, its reseller too; the usage list and the dashboard say "full in ~N days"; a second
// report in the horizon tells nobody again; leaving the horizon and coming back tells again.

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <boost/test/unit_test.hpp>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/mail.h"

using namespace resellermgr::testing;

namespace {

// Ten days of history before today, `start` MiB rising `step` a day, for the accounts named.
void History(const std::vector<std::string>& accounts, long long start, long long step) {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> put(db->prepareStatement(
      "INSERT INTO usage_daily (account_id, day, quota_mib, traff_mib) "
      "SELECT id, UTC_DATE() - INTERVAL ? DAY, ?, 0 FROM account WHERE name = ?"));
  for (const std::string& name : accounts) {
    for (int back = 10; back >= 1; --back) {
      put->setInt(1, back);
      put->setInt64(2, start + step * (10 - back));
      put->setString(3, name);
      put->executeUpdate();
    }
  }
}

long long Events(const std::string& account) {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> count(db->prepareStatement(
      "SELECT COUNT(*) FROM outbox_event e JOIN account a ON a.id = e.account_id "
      "WHERE e.kind = 'usage.full_soon' AND a.name = ?"));
  count->setString(1, account);
  std::unique_ptr<sql::ResultSet> rows(count->executeQuery());
  rows->next();
  return rows->getInt64(1);
}

std::size_t MailsAbout(const std::string& to, const std::string& subject) {
  std::size_t n = 0;
  for (const Received& mail : Inbox()) n += mail.to == to && mail.subject == subject ? 1 : 0;
  return n;
}

void Report(const std::string& user, long long quota) {
  BOOST_REQUIRE(IsOk(As::Admin().Call(
      "usage.report", "elid=" + user + "&quota_used=" + std::to_string(quota) + "&traff_used=0")));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(usage_forecast)

BOOST_AUTO_TEST_CASE(an_account_near_its_limit_and_its_resellers_pool_are_told_once_per_crossing) {
  const std::string r = Unique("fcr"), u = Unique("fcu");
  const std::string r_mail = r + "@fc.test", u_mail = u + "@fc.test";
  MakeReseller(r, "limit_quota=1100&email=" + UrlEncode(r_mail));
  const As reseller = As::Login(r, kPassword);
  MakeUser(reseller, u, "limit_quota=1000&email=" + UrlEncode(u_mail));
  // 300 MiB ten days ago, 50 more each day, for the user and (its only user) the reseller's pool.
  History({u, r}, 300, 50);
  Report(u, 800);  // today: 800 of 1000 at 50 a day: 4 days; the pool 800 of 1100: 6 days

  const std::string user_subject = u + ": disk full in about 4 days";
  const std::string pool_subject = r + ": disk full in about 6 days";
  BOOST_REQUIRE_EQUAL(MailTo(u_mail, user_subject).size(), 1u);
  BOOST_REQUIRE_EQUAL(MailTo(r_mail, user_subject).size(), 1u);  // its reseller is told too
  BOOST_REQUIRE_EQUAL(MailTo(r_mail, pool_subject).size(), 1u);  // and of its own pool
  const auto body = MailTo(u_mail, user_subject)[0].body;
  BOOST_TEST(body.find("800 of 1000 MiB") != std::string::npos);
  BOOST_TEST(Events(u) == 1);
  BOOST_TEST(Events(r) == 1);

  // Lists and dashboards say when.
  pugi::xml_node row = FindRow(reseller.Call("userstat"), u);
  BOOST_TEST(row.child_value("disk_full_in") == std::string("4"));
  BOOST_TEST(!row.child("traffic_full_in"));  // no traffic limit, no estimate
  BOOST_TEST(FindRow(As::Admin().Call("userstat"), r).child_value("disk_full_in") ==
             std::string("6"));
  const std::string home = HttpGet(Url(reseller.credentials + "&func=dashboard&out=xml")).body;
  BOOST_TEST(home.find("<forecast account=\"" + u + "\" resource=\"disk\" days=\"4\"") !=
             std::string::npos);
  BOOST_TEST(home.find("<forecast own=\"yes\" resource=\"disk\" days=\"6\"") != std::string::npos);

  // Still within the horizon tomorrow-like: nobody is told again.
  Report(u, 820);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  BOOST_TEST(Events(u) == 1);
  BOOST_TEST(MailsAbout(u_mail, user_subject) +
                 MailsAbout(u_mail, u + ": disk full in about 3 days") ==
             1u);

  // A larger limit takes it out of the horizon; back under the old one, it is told again.
  BOOST_REQUIRE(IsOk(reseller.Call("user.edit", "sok=ok&elid=" + u + "&limit_quota=1090")));
  Report(u, 820);  // (1090 - 820) / 50: 5 days: still near, not told again
  BOOST_TEST(Events(u) == 1);
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&limit_quota=90000")));
  BOOST_REQUIRE(IsOk(reseller.Call("user.edit", "sok=ok&elid=" + u + "&limit_quota=80000")));
  Report(u, 820);  // far from the limit: the alert is re-armed
  BOOST_TEST(FindRow(reseller.Call("userstat"), u).child_value("disk_full_in") != std::string("3"));
  BOOST_REQUIRE(IsOk(reseller.Call("user.edit", "sok=ok&elid=" + u + "&limit_quota=1000")));
  Report(u, 830);
  BOOST_TEST(Events(u) == 2);
  BOOST_REQUIRE_EQUAL(MailTo(u_mail, u + ": disk full in about 3 days").size(), 1u);
}

BOOST_AUTO_TEST_CASE(nobody_sees_anothers_forecasts) {
  const std::string r = Unique("fcs"), other = Unique("fco"), u = Unique("fcv");
  MakeReseller(r, "limit_quota=5000");
  MakeReseller(other);
  MakeUser(As::Login(r, kPassword), u, "limit_quota=1000");
  History({u}, 300, 50);
  Report(u, 800);
  const std::string home =
      HttpGet(Url(As::Login(other, kPassword).credentials + "&func=dashboard&out=xml")).body;
  BOOST_TEST(home.find(u) == std::string::npos);
  BOOST_TEST(!FindRow(As::Login(other, kPassword).Call("userstat"), u));
  BOOST_TEST(FindRow(As::Login(r, kPassword).Call("userstat"), u).child_value("disk_full_in") ==
             std::string("4"));
}

BOOST_AUTO_TEST_SUITE_END()
