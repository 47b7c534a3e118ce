// The daily charge run (issue 23) through the real stack: a three-level chain charged for a day
// with exact amounts at every level, a second run that charges nothing, a price set for later
// not used, and a reseller past its credit limit whose day is recorded unpaid.

#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <ctime>
#include <thread>

#include "base/days.h"
#include "billing/daily_share.h"
#include "http/api.h"
#include "http/mail.h"
#include "http/money.h"
#include "money/amount.h"
#include "support/test_env.h"

using namespace resellermgr;
using namespace resellermgr::testing;
using resellermgr::base::UtcDay;

namespace {

// The share of `monthly` (minor units) on `day` (YYYY-MM-DD).
std::int64_t Share(std::int64_t monthly, const std::string& day) {
  std::tm when{};
  strptime(day.c_str(), "%Y-%m-%d", &when);
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int year = when.tm_year + 1900;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = when.tm_mon == 1 && leap ? 29 : kDays[when.tm_mon];
  return billing::DailyShare(monthly, when.tm_mday, days);
}

CommandResult BillingRun(const std::string& day) {
  return RunCommand(Resellerctl("billing run --date " + day));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(billing)

BOOST_AUTO_TEST_CASE(a_day_is_charged_up_the_chain_once_at_each_levels_card) {
  const As admin = As::Admin();
  const std::string day = UtcDay(3);
  const std::string top = Unique("top");
  MakeCard(admin, top, {{"account", "30"}, {"reseller", "10"}});
  // Set for after the day: not used for it.
  BOOST_TEST(IsOk(
      admin.Call("ratecard.price.edit",
                 "sok=ok&plid=" + top + "&elid=account&price=99&effective_from=" + UtcDay(4))));
  const std::string r = Unique("rbl"), s = Unique("sbl");
  MakeReseller(r, "may_resell=on&ratecard=" + top);
  BOOST_TEST(IsOk(admin.Call("wallet.edit", "sok=ok&elid=" + r + "&credit_limit=1000")));
  const As reseller = As::Login(r, kPassword);
  MakeCard(reseller, "subs", {{"account", "60"}});
  BOOST_TEST(IsOk(reseller.Call("reseller.edit",
                                "sok=ok&name=" + s + "&passwd=" + kPassword + "&ratecard=subs")));
  BOOST_TEST(IsOk(reseller.Call("wallet.edit", "sok=ok&elid=" + s + "&credit_limit=500")));
  const As sub = As::Login(s, kPassword);
  MakeUser(reseller, Unique("ubl"));
  MakeUser(sub, Unique("ubl"));
  MakeUser(sub, Unique("ubl"));

  const CommandResult run = BillingRun(day);
  BOOST_TEST(run.exit_code == 0, run.output);
  // The sub-reseller pays its parent for its two users at the parent's card; the reseller pays
  // the operator for all three users and both reseller accounts at the admin's card.
  const std::int64_t sub_pays = 2 * Share(6000, day);
  const std::int64_t top_pays = 3 * Share(3000, day) + 2 * Share(1000, day);
  BOOST_TEST(OwnBalance(sub) == -sub_pays);
  BOOST_TEST(OwnBalance(reseller) == sub_pays - top_pays);

  // Again: nothing more.
  BOOST_TEST(BillingRun(day).exit_code == 0);
  BOOST_TEST(OwnBalance(sub) == -sub_pays);
  BOOST_TEST(OwnBalance(reseller) == sub_pays - top_pays);
  const CommandResult books = RunCommand(Resellerctl("ledger verify"));
  BOOST_TEST(books.exit_code == 0, books.output);

  // The statement says what was charged and why.
  const pugi::xml_document statement = sub.Call("transaction");
  pugi::xml_node charge = statement.child("doc").child("elem");
  BOOST_TEST(charge.child_value("kind") == std::string("charge"));
  BOOST_TEST(charge.child_value("memo") == day + ": 2 x account");
  BOOST_TEST(charge.child_value("reference") == std::string("billing:account"));
  BOOST_TEST(charge.child_value("period") == day.substr(0, 7));  // a line per item on the invoice
  BOOST_TEST(charge.child_value("counterparty") == r);
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
}

BOOST_AUTO_TEST_CASE(a_run_killed_half_way_resumes_where_it_stopped) {
  const As admin = As::Admin();
  const std::string day = UtcDay(10);
  const std::string card = Unique("kill");
  MakeCard(admin, card, {{"reseller", "62"}});
  // Three payers in the order the run takes them (by id).
  std::vector<std::string> names;
  for (int i = 0; i < 3; ++i) {
    names.push_back(Unique("rkh"));
    MakeReseller(names.back(), "ratecard=" + card);
    BOOST_TEST(
        IsOk(admin.Call("wallet.edit", "sok=ok&elid=" + names.back() + "&credit_limit=100")));
  }
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::Statement> statement(db->createStatement());
  const auto charged = [&](const std::string& name) {
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(
        "SELECT COUNT(*) AS n FROM billing_day d JOIN account a ON a.id = d.account_id "
        "WHERE a.name = '" +
        name + "' AND d.day = '" + day + "' AND d.status = 'charged'"));
    rows->next();
    return rows->getInt64("n");
  };
  // The second payer's wallet is held by another transaction, so the run stops there...
  auto holder = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  holder->setAutoCommit(false);
  std::unique_ptr<sql::Statement> hold(holder->createStatement());
  const std::unique_ptr<sql::ResultSet> held(hold->executeQuery(
      "SELECT w.id FROM wallet w JOIN account a ON a.id = w.account_id WHERE a.name = '" +
      names[1] + "' FOR UPDATE"));
  const std::string command =
      "exec " + Resellerctl("billing run --date " + day) + " >/dev/null 2>&1";
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t run = 0;
  BOOST_REQUIRE(posix_spawn(&run, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) ==
                0);
  // The first is charged (committed) before the run can reach the held wallet, where it waits
  // for as long as the wallet is held.
  bool first = false;
  for (int i = 0; i < 300 && !first; ++i) {
    first = charged(names[0]) == 1;
    if (!first) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  BOOST_REQUIRE_MESSAGE(first, "the run did not charge the first payer");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // ... and dies there, mid-transaction.
  kill(run, SIGKILL);
  int status = 0;
  waitpid(run, &status, 0);
  BOOST_TEST(WIFSIGNALED(status));
  holder->rollback();
  BOOST_TEST(charged(names[0]) == 1);
  BOOST_TEST(charged(names[1]) == 0);
  BOOST_TEST(charged(names[2]) == 0);

  // Run again: the rest is charged, the first not twice.
  const CommandResult again = BillingRun(day);
  BOOST_TEST(again.exit_code == 0, again.output);
  for (const std::string& name : names) {
    BOOST_TEST(charged(name) == 1, name);
    BOOST_TEST(OwnBalance(As::Login(name, kPassword)) == -Share(6200, day), name);
  }
  const CommandResult books = RunCommand(Resellerctl("ledger verify"));
  BOOST_TEST(books.exit_code == 0, books.output);
  for (const std::string& name : names)
    BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + name + "&ratecard=")));
}

BOOST_AUTO_TEST_CASE(a_reseller_past_its_credit_limit_pays_nothing_and_its_day_is_unpaid) {
  const As admin = As::Admin();
  const std::string day = UtcDay(5);
  const std::string card = Unique("poor");
  MakeCard(admin, card, {{"reseller", "300"}});
  const std::string r = Unique("rbu");
  MakeReseller(r, "ratecard=" + card);  // no credit, no money
  // Its autopayment rule: below 5.00, ask for enough to reach 20.00.
  BOOST_TEST(IsOk(admin.Call("wallet.edit", "sok=ok&elid=" + r +
                                                "&autopay_mode=add_funds&autopay_threshold=5"
                                                "&autopay_target=20")));
  BOOST_TEST(BillingRun(day).exit_code == 0);
  const As reseller = As::Login(r, kPassword);
  BOOST_TEST(OwnBalance(reseller) == 0);
  BOOST_TEST(!reseller.Call("transaction").child("doc").child("elem"));
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::Statement> statement(db->createStatement());
  std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(
      "SELECT d.status, d.amount FROM billing_day d JOIN account a ON a.id = d.account_id "
      "WHERE a.name = '" +
      r + "' AND d.day = '" + day + "'"));
  BOOST_REQUIRE(rows->next());
  BOOST_TEST(rows->getString("status") == "unpaid");
  BOOST_TEST(rows->getInt64("amount") == Share(30000, day));
  // The rule fired: the billing system is asked for the money.
  std::unique_ptr<sql::ResultSet> asked(statement->executeQuery(
      "SELECT JSON_VALUE(payload, '$.changes.amount.new') AS amount FROM outbox_event "
      "WHERE kind = 'wallet.autopay_requested' AND target = 'wallet:" +
      r + "'"));
  BOOST_REQUIRE(asked->next());
  BOOST_TEST(asked->getString("amount") == "20.00");
  BOOST_TEST(!asked->next());
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
}

BOOST_AUTO_TEST_CASE(a_derived_card_charges_its_marked_up_price) {
  const As admin = As::Admin();
  const std::string day = UtcDay(4);
  const std::string top = Unique("topd");
  MakeCard(admin, top, {{"reseller", "31"}});
  const std::string r = Unique("rbd"), s = Unique("sbd");
  MakeReseller(r, "may_resell=on&ratecard=" + top);
  BOOST_TEST(IsOk(admin.Call("wallet.edit", "sok=ok&elid=" + r + "&credit_limit=1000")));
  const As reseller = As::Login(r, kPassword);
  BOOST_TEST(IsOk(reseller.Call("ratecard.edit", "sok=ok&name=marked&derive=on&markup=50")));
  BOOST_TEST(IsOk(reseller.Call("reseller.edit",
                                "sok=ok&name=" + s + "&passwd=" + kPassword + "&ratecard=marked")));
  BOOST_TEST(IsOk(reseller.Call("wallet.edit", "sok=ok&elid=" + s + "&credit_limit=500")));
  BOOST_TEST(BillingRun(day).exit_code == 0);
  // The sub-reseller pays its own reseller account at 31.00 + 50% = 46.50 a month.
  BOOST_TEST(OwnBalance(As::Login(s, kPassword)) == -Share(4650, day));
  BOOST_TEST(OwnBalance(reseller) == Share(4650, day) - 2 * Share(3100, day));
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
}

BOOST_AUTO_TEST_CASE(non_payment_suspends_after_grace_and_money_lifts_only_that) {
  const As admin = As::Admin();
  const std::string card = Unique("dues");
  MakeCard(admin, card, {{"reseller", "310"}});
  const std::string r = Unique("rnp");
  const std::string to = r + "@billing.test";
  MakeReseller(r, "ratecard=" + card + "&grace_days=1&email=" + to);
  BOOST_TEST(admin.Call("reseller.edit", "elid=" + r).child("doc").child_value("grace_days") ==
             std::string("1"));
  const As reseller = As::Login(r, kPassword);
  const std::string kept = Unique("unp"), own = Unique("unp");
  MakeUser(reseller, kept);
  MakeUser(reseller, own);
  // Suspended by the reseller itself, for its own reasons: not the billing's to lift.
  BOOST_TEST(IsOk(reseller.Call("user.suspend", "elid=" + own)));

  BOOST_TEST(BillingRun(UtcDay(6)).exit_code == 0);  // unpaid, within grace
  BOOST_TEST(reseller.Call("whoami").child("doc").child("user"));
  const CommandResult second = BillingRun(UtcDay(7));  // two unpaid days: past a grace of one
  BOOST_TEST(second.exit_code == 0, second.output);
  BOOST_TEST(ErrorType(As::Login(r, kPassword).Call("whoami")) == "auth");
  const pugi::xml_document resellers = admin.Call("reseller", "elid=" + r);
  pugi::xml_node row = FindRow(resellers, r);
  BOOST_TEST(row.child("disabled"));
  // The reseller's events: each unpaid day, and the grace running out.
  {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::Statement> statement(db->createStatement());
    std::unique_ptr<sql::ResultSet> events(statement->executeQuery(
        "SELECT kind, COUNT(*) AS n FROM outbox_event WHERE target IN ('wallet:" + r + "', '" + r +
        "') AND kind IN ('billing.unpaid', 'billing.grace_ended') GROUP BY kind ORDER BY kind"));
    BOOST_REQUIRE(events->next());
    BOOST_TEST(events->getString("kind") == "billing.grace_ended");
    BOOST_TEST(events->getInt64("n") == 1);
    BOOST_REQUIRE(events->next());
    BOOST_TEST(events->getString("kind") == "billing.unpaid");
    BOOST_TEST(events->getInt64("n") == 2);
  }
  // Warned on the first unpaid day (not again on the second), and told of the suspension with
  // what it owes.
  const std::int64_t owed = Share(31000, UtcDay(6)) + Share(31000, UtcDay(7));
  const std::vector<Received> warned = MailTo(to, "could not be paid");
  BOOST_REQUIRE_EQUAL(warned.size(), 1u);
  BOOST_TEST(warned[0].body.find(UtcDay(6)) != std::string::npos, warned[0].body);
  BOOST_TEST(warned[0].body.find("within 1 days") != std::string::npos, warned[0].body);
  const std::vector<Received> told = MailTo(to, "suspended for non-payment");
  BOOST_REQUIRE_EQUAL(told.size(), 1u);
  BOOST_TEST(told[0].body.find("2 days") != std::string::npos, told[0].body);
  BOOST_TEST(told[0].body.find(money::FormatAmount(owed)) != std::string::npos, told[0].body);
  // Not charged while suspended for it.
  BOOST_TEST(BillingRun(UtcDay(8)).exit_code == 0);

  // The money comes: both days are paid, oldest first, and only the non-payment is lifted.
  BOOST_TEST(
      IsOk(admin.Call("wallet.deposit", "elid=" + r + "&amount=" + money::FormatAmount(owed) +
                                            "&reference=pay-1&idempotency_key=" + Unique("k"))));
  const As back = As::Login(r, kPassword);
  BOOST_TEST(back.Call("whoami").child("doc").child("user"));
  BOOST_TEST(OwnBalance(back) == 0);
  BOOST_TEST(!FindRow(back.Call("user"), kept).child("disabled"));
  BOOST_TEST(FindRow(back.Call("user"), own).child("disabled"));
  BOOST_TEST(MailTo(to, "works again").size() == 1u);
  const CommandResult books = RunCommand(Resellerctl("ledger verify"));
  BOOST_TEST(books.exit_code == 0, books.output);
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
}

BOOST_AUTO_TEST_CASE(disk_is_charged_by_the_day_and_traffic_by_the_gib_once_a_month) {
  const As admin = As::Admin();
  const std::string card = Unique("gib");
  MakeCard(admin, card, {{"disk_gib", "10"}, {"traffic_gib", "2"}});
  const std::string r = Unique("rgb"), u = Unique("ugb");
  MakeReseller(r, "ratecard=" + card);
  BOOST_TEST(IsOk(admin.Call("wallet.edit", "sok=ok&elid=" + r + "&credit_limit=1000")));
  const As reseller = As::Login(r, kPassword);
  MakeCard(reseller, "retail", {{"disk_gib", "15"}, {"traffic_gib", "3"}});
  MakeUser(reseller, u, "ratecard=retail");
  // 1,500 MiB of disk is two whole GiB; 3,000 MiB of the month's traffic is three.
  BOOST_TEST(IsOk(admin.Call("usage.report", "elid=" + u + "&quota_used=1500&traff_used=3000")));

  const std::string today = UtcDay(0);
  BOOST_TEST(BillingRun(today).exit_code == 0);
  std::int64_t paid = 2 * Share(1000, today) + 3 * 200;
  BOOST_TEST(OwnBalance(reseller) == -paid);

  // The next day: the disk again, and only the traffic not charged yet this month.
  BOOST_TEST(IsOk(admin.Call("usage.report", "elid=" + u + "&quota_used=1500&traff_used=5000")));
  const std::string tomorrow = UtcDay(1);
  BOOST_TEST(BillingRun(tomorrow).exit_code == 0);
  paid += 2 * Share(1000, tomorrow);
  if (tomorrow.substr(0, 7) == today.substr(0, 7)) paid += 2 * 200;  // 5 GiB this month, 3 paid
  // else: today's report belongs to the month that ended; the new month has none yet.
  BOOST_TEST(OwnBalance(reseller) == -paid);

  // The reseller's feed bills its client the GiB at its own card.
  const pugi::xml_document feed = reseller.Call("billing.usage");
  std::map<std::string, pugi::xml_node> rows;
  for (pugi::xml_node row : feed.child("doc").children("elem"))
    if (row.child_value("client") == u) rows[row.child_value("item")] = row;
  BOOST_REQUIRE(rows.count("disk_gib"));
  BOOST_TEST(rows["disk_gib"].child_value("quantity") == std::string("2"));
  BOOST_TEST(rows["disk_gib"].child_value("amount") == money::FormatAmount(2 * Share(1500, today)));
  BOOST_REQUIRE(rows.count("traffic_gib"));
  BOOST_TEST(rows["traffic_gib"].child_value("quantity") == std::string("5"));
  BOOST_TEST(rows["traffic_gib"].child_value("amount") == std::string("15.00"));
  const CommandResult books = RunCommand(Resellerctl("ledger verify"));
  BOOST_TEST(books.exit_code == 0, books.output);
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
}

BOOST_AUTO_TEST_CASE(a_resellers_home_shows_todays_cost_income_and_margin) {
  const As admin = As::Admin();
  const std::string today = UtcDay(0);
  const std::string top = Unique("topm");
  MakeCard(admin, top, {{"account", "30"}, {"reseller", "10"}});
  const std::string r = Unique("rmg"), s = Unique("smg");
  MakeReseller(r, "may_resell=on&ratecard=" + top);
  BOOST_TEST(IsOk(admin.Call("wallet.edit", "sok=ok&elid=" + r + "&credit_limit=1000")));
  const As reseller = As::Login(r, kPassword);
  MakeCard(reseller, "subs", {{"account", "60"}});
  MakeCard(reseller, "mine", {{"account", "45"}});
  BOOST_TEST(IsOk(reseller.Call("reseller.edit",
                                "sok=ok&name=" + s + "&passwd=" + kPassword + "&ratecard=subs")));
  BOOST_TEST(IsOk(reseller.Call("wallet.edit", "sok=ok&elid=" + s + "&credit_limit=500")));
  BOOST_TEST(
      IsOk(reseller.Call("ratecard.price.edit", "sok=ok&plid=mine&item=service:cdn&price=9")));
  const std::string u = Unique("umg");
  MakeUser(reseller, u, "ratecard=mine");
  BOOST_TEST(
      IsOk(reseller.Call("client.service.status", "elid=" + u + "&service=cdn&status=active")));
  MakeUser(As::Login(s, kPassword), Unique("umg"));
  BOOST_TEST(BillingRun(today).exit_code == 0);

  const std::int64_t cost = 2 * Share(3000, today) + 2 * Share(1000, today);
  const std::int64_t income = Share(6000, today);
  const std::int64_t billable = Share(4500, today) + Share(900, today);
  const pugi::xml_document dashboard = reseller.Call("dashboard");
  pugi::xml_node home = dashboard.child("doc").child("billing");
  BOOST_REQUIRE(home);
  BOOST_TEST(home.attribute("cost_today").value() == money::FormatAmount(cost));
  BOOST_TEST(home.attribute("income_today").value() == money::FormatAmount(income));
  BOOST_TEST(home.attribute("billable_today").value() == money::FormatAmount(billable));
  BOOST_TEST(home.attribute("margin_today").value() ==
             money::FormatAmount(income + billable - cost));
  BOOST_TEST(home.attribute("days_covered").as_llong() == (100000 + income - cost) / cost);
  // The admin's and a user's home have no such card.
  BOOST_TEST(!admin.Call("dashboard").child("doc").child("billing"));

  // Invoiced by item, in the reader's words: the reseller's own invoice from the operator, and
  // the one it issues its sub-reseller.
  const auto lines = [](const pugi::xml_document& shown) {
    std::vector<std::string> found;
    for (pugi::xml_node line : shown.child("doc").children("line"))
      found.push_back(std::string(line.child_value("description")) + " x" +
                      line.child_value("quantity"));
    return found;
  };
  const pugi::xml_document own = admin.Call("invoice.edit", "sok=ok&account=" + r);
  BOOST_REQUIRE(IsOk(own));
  BOOST_TEST(
      lines(reseller.Call("invoice.edit",
                          std::string("elid=") + own.child("doc").child_value("id"))) ==
      (std::vector<std::string>{"Hosting accounts (daily) x1", "Reseller accounts (daily) x1"}));
  const pugi::xml_document subs = reseller.Call("invoice.edit", "sok=ok&account=" + s);
  BOOST_REQUIRE(IsOk(subs));
  BOOST_TEST(
      lines(reseller.Call("invoice.edit", std::string("elid=") +
                                              subs.child("doc").child_value("id") + "&lang=ru")) ==
      (std::vector<std::string>{"Хостинг-аккаунты (ежедневно) x1"}));

  // The month's report says the same, live and as written at the month's end.
  const std::vector<std::string> expected = {money::FormatAmount(cost), money::FormatAmount(income),
                                             money::FormatAmount(billable),
                                             money::FormatAmount(income + billable - cost)};
  const auto figures = [](pugi::xml_node row) {
    return std::vector<std::string>{row.child_value("cost"), row.child_value("income"),
                                    row.child_value("billable"), row.child_value("margin")};
  };
  const pugi::xml_document live = reseller.Call("report");
  BOOST_TEST(figures(live.child("doc").child("elem")) == expected);
  const std::string month = today.substr(0, 7);
  BOOST_TEST(RunCommand(Resellerctl("report monthly " + month)).exit_code == 0);
  const pugi::xml_document written = admin.Call("report", "period=" + month);
  BOOST_TEST(figures(FindRow(written, r)) == expected);
  const HttpResponse csv = HttpGet(Url(reseller.credentials + "&func=report.csv"));
  BOOST_TEST(csv.body.find(",cost,income,billable,margin,") != std::string::npos);
  BOOST_TEST(csv.body.find("," + expected[0] + "," + expected[1] + "," + expected[2] + "," +
                           expected[3] + ",yes\r\n") != std::string::npos,
             csv.body);
  BOOST_TEST(IsOk(admin.Call("reseller.edit", "sok=ok&elid=" + r + "&ratecard=")));
}

BOOST_AUTO_TEST_CASE(the_feed_lists_what_each_client_comes_to_this_month) {
  const std::string r = Unique("rfd");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  MakeCard(reseller, "retail", {{"account", "31"}});
  const std::string u = Unique("ufd"), bare = Unique("ufd");
  MakeUser(reseller, u, "ratecard=retail");
  MakeUser(reseller, bare);
  pugi::xml_document feed = reseller.Call("billing.usage");
  BOOST_TEST(feed.child("doc").child_value("month") == UtcDay(0).substr(0, 7));
  pugi::xml_node row;
  for (pugi::xml_node r : feed.child("doc").children("elem"))
    if (r.child_value("client") == u) row = r;
  BOOST_REQUIRE(row);
  BOOST_TEST(row.child_value("item") == std::string("account"));
  BOOST_TEST(row.child_value("days") == std::string("1"));  // created today
  BOOST_TEST(row.child_value("price") == std::string("31.00"));
  BOOST_TEST(row.child_value("amount") == money::FormatAmount(Share(3100, UtcDay(0))));
  // A client without a card is listed, priced at nothing.
  bool listed = false;
  for (pugi::xml_node r : feed.child("doc").children("elem"))
    listed = listed ||
             (r.child_value("client") == bare && r.child_value("amount") == std::string("0.00"));
  BOOST_TEST(listed);
  BOOST_TEST(ErrorType(reseller.Call("billing.usage", "month=2999-01")) == "value");
  BOOST_TEST(ErrorType(reseller.Call("billing.usage", "month=soon")) == "value");
  // Another reseller sees none of these clients.
  const std::string other = Unique("rfd");
  MakeReseller(other);
  const pugi::xml_document others = As::Login(other, kPassword).Call("billing.usage");
  for (pugi::xml_node r : others.child("doc").children("elem"))
    BOOST_TEST(r.child_value("client") != u);
}

BOOST_AUTO_TEST_SUITE_END()
