// Money (issue 11) over the real stack: wallets, credit limits, transfers down the tree,
// withdrawals, deposits and charges, statements, idempotency keys, and parallel spending. Every
// test ends with `resellerctl ledger verify`: balances equal their transfers and sum to zero.

#include "http/money.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <sys/wait.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <thread>
#include <vector>

#include "http/mail.h"

using namespace resellermgr::testing;

BOOST_AUTO_TEST_SUITE(money)

BOOST_AUTO_TEST_CASE(amounts_are_decimal_strings_and_money_needs_a_key) {
  Books b;
  for (const char* bad :
       {"1.234", "-5", "1e3", "abc", "0", "10000000000.00", "01.00", "1,5", ".5", "5."}) {
    const auto reply = Pay(As::Admin(), "wallet.deposit",
                           "elid=" + b.r + "&amount=" + UrlEncode(bad) + "&reference=x");
    BOOST_TEST(ErrorType(reply) == "value", bad);
    BOOST_TEST(ErrorObjectOf(reply) == "amount", bad);
  }
  BOOST_TEST(ErrorObjectOf(As::Admin().Call(
                 "wallet.deposit", "elid=" + b.r + "&amount=5&reference=x")) == "idempotency_key");
  BOOST_TEST(Balance(As::Admin(), b.r) == "0.00");
  RequireBalancedBooks();
}

BOOST_AUTO_TEST_CASE(money_moves_down_the_tree_within_what_is_available) {
  Books b;
  BOOST_TEST(
      IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + b.r + "&amount=100.50&reference=pay-1")));
  BOOST_TEST(Balance(b.reseller, b.r) == "100.50");
  // The reseller funds its sub-reseller; more than it has is refused with the figures.
  BOOST_TEST(
      IsOk(Pay(b.reseller, "wallet.transfer", "sok=ok&elid=" + b.s + "&amount=60&memo=start")));
  const auto short_of = Pay(b.reseller, "wallet.transfer", "sok=ok&elid=" + b.s + "&amount=50");
  BOOST_TEST(ErrorType(short_of) == "limit");
  BOOST_TEST(Detail(short_of) == "available 40.50, needed 50.00");
  // A credit limit lets it go below zero, as far as the limit.
  BOOST_TEST(IsOk(As::Admin().Call("wallet.edit", "sok=ok&elid=" + b.r + "&credit_limit=20")));
  BOOST_TEST(IsOk(Pay(b.reseller, "wallet.transfer", "sok=ok&elid=" + b.s + "&amount=50")));
  BOOST_TEST(Balance(b.reseller, b.r) == "-9.50");
  BOOST_TEST(WalletRow(b.reseller, b.r).child_value("available") == std::string("10.50"));
  // It grants its sub-reseller at most its own credit limit.
  BOOST_TEST(ErrorType(b.reseller.Call("wallet.edit", "sok=ok&elid=" + b.s + "&credit_limit=25")) ==
             "limit");
  BOOST_TEST(IsOk(b.reseller.Call("wallet.edit", "sok=ok&elid=" + b.s + "&credit_limit=20")));
  // Pulling money back leaves the wallet below at zero at most.
  BOOST_TEST(ErrorType(Pay(b.reseller, "wallet.withdraw",
                           "sok=ok&elid=" + b.s + "&amount=110.01")) == "limit");
  BOOST_TEST(IsOk(Pay(b.reseller, "wallet.withdraw", "sok=ok&elid=" + b.s + "&amount=10")));
  BOOST_TEST(Balance(b.reseller, b.s) == "100.00");
  // A charge past the credit limit is refused; within it, taken.
  BOOST_TEST(ErrorType(Pay(As::Admin(), "wallet.charge",
                           "elid=" + b.s + "&amount=120.01&reference=cdn&period=2026-12")) ==
             "limit");
  BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.charge",
                      "elid=" + b.s + "&amount=120&reference=cdn&period=2026-12")));
  BOOST_TEST(Balance(As::Admin(), b.s) == "-20.00");
  // The sub-reseller's home shows its money: balance, what it may still spend, what it was
  // charged today and this month.
  const pugi::xml_document dashboard = b.sub.Call("dashboard");
  const pugi::xml_node money = dashboard.child("doc").child("money");
  BOOST_TEST(money.attribute("balance").value() == std::string("-20.00"));
  BOOST_TEST(money.attribute("available").value() == std::string("0.00"));
  BOOST_TEST(money.attribute("charged_today").value() == std::string("120.00"));
  BOOST_TEST(money.attribute("charged_month").value() == std::string("120.00"));
  BOOST_TEST(std::stod(As::Admin()
                           .Call("dashboard")
                           .child("doc")
                           .child("money")
                           .attribute("charged_month")
                           .value()) >= 120.0);
  // The statement shows both kinds of movement with a running balance, newest first.
  const auto statement = b.sub.Call("transaction");
  std::vector<std::string> amounts, balances;
  for (pugi::xml_node row : statement.child("doc").children("elem")) {
    amounts.push_back(row.child_value("amount"));
    balances.push_back(row.child_value("balance"));
  }
  BOOST_TEST((amounts == std::vector<std::string>{"-120.00", "-10.00", "50.00", "60.00"}));
  BOOST_TEST((balances == std::vector<std::string>{"-20.00", "100.00", "110.00", "60.00"}));
  // The parent sees its child's statement; nobody else does.
  BOOST_TEST(
      static_cast<bool>(b.reseller.Call("transaction", "elid=" + b.s).child("doc").child("elem")));
  Books other;
  BOOST_TEST(ErrorType(other.reseller.Call("transaction", "elid=" + b.s)) == "missed");
  BOOST_TEST(ErrorType(Pay(other.reseller, "wallet.transfer",
                           "sok=ok&elid=" + b.s + "&amount=1")) == "missed");
  BOOST_TEST(ErrorType(Pay(b.sub, "wallet.transfer", "sok=ok&elid=" + b.r + "&amount=1")) ==
             "missed");
  BOOST_TEST(ErrorType(Pay(b.reseller, "wallet.deposit",
                           "elid=" + b.s + "&amount=1&reference=x")) == "access");
  BOOST_TEST(!FindRow(other.reseller.Call("wallet"), b.s));
  RequireBalancedBooks();
}

BOOST_AUTO_TEST_CASE(a_retried_transfer_moves_money_once) {
  Books b;
  BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + b.r + "&amount=30&reference=p")));
  const std::string key = Key();
  const std::string query = "sok=ok&elid=" + b.s + "&amount=10&idempotency_key=" + key;
  const auto first = b.reseller.Call("wallet.transfer", query);
  const auto again = b.reseller.Call("wallet.transfer", query);
  BOOST_TEST(IsOk(first));
  BOOST_TEST(IsOk(again));
  BOOST_TEST(first.child("doc").child_value("id") == again.child("doc").child_value("id"));
  BOOST_TEST(Balance(b.reseller, b.s) == "10.00");
  const auto other = b.reseller.Call("wallet.transfer",
                                     "sok=ok&elid=" + b.s + "&amount=11&idempotency_key=" + key);
  BOOST_TEST(ErrorType(other) == "conflict");
  BOOST_TEST(ErrorObjectOf(other) == "idempotency_key");
  BOOST_TEST(Balance(b.reseller, b.s) == "10.00");
  RequireBalancedBooks();
}

BOOST_AUTO_TEST_CASE(of_parallel_requests_spending_everything_exactly_one_succeeds) {
  Books b;
  BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + b.r + "&amount=10&reference=p")));
  constexpr int kClients = 50;
  std::atomic<int> ok{0}, refused{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      const auto reply = b.reseller.Call(
          "wallet.transfer", "sok=ok&elid=" + b.s + "&amount=10&idempotency_key=spend-" + b.r +
                                 "-" + std::to_string(i));
      if (IsOk(reply)) ++ok;
      if (ErrorType(reply) == "limit") ++refused;
    });
  }
  for (std::thread& client : clients) client.join();
  BOOST_TEST(ok.load() == 1);
  BOOST_TEST(refused.load() == kClients - 1);
  BOOST_TEST(Balance(b.reseller, b.r) == "0.00");
  BOOST_TEST(Balance(b.reseller, b.s) == "10.00");
  RequireBalancedBooks();
}

BOOST_AUTO_TEST_CASE(autopayments_ask_the_billing_system_and_stop_after_failures) {
  Books b;
  const auto event_keys = [&](const std::string& target) {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::PreparedStatement> select(
        db->prepareStatement("SELECT JSON_VALUE(payload, '$.changes.autopay_key.new'), "
                             "JSON_VALUE(payload, '$.changes.amount.new') FROM outbox_event "
                             "WHERE kind = 'wallet.autopay_requested' AND target = ? ORDER BY id"));
    select->setString(1, "wallet:" + target);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    std::vector<std::pair<std::string, std::string>> keys;
    while (rows->next()) keys.emplace_back(rows->getString(1), rows->getString(2));
    return keys;
  };
  BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + b.s + "&amount=30&reference=p")));
  BOOST_TEST(
      IsOk(As::Admin().Call("wallet.edit", "sok=ok&elid=" + b.s +
                                               "&autopay_mode=add_funds&autopay_threshold=10"
                                               "&autopay_target=50&autopay_max_failures=2")));
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("wallet.edit", "sok=ok&elid=" + b.s +
                                                               "&autopay_mode=add_funds&autopay_"
                                                               "threshold=10&autopay_target=5")) ==
             "autopay_target");
  // A charge leaves 8.00 available, under the threshold: one request for 42.00; another charge
  // while it is open asks for nothing more.
  BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.charge", "elid=" + b.s + "&amount=22&reference=cdn")));
  BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.charge", "elid=" + b.s + "&amount=1&reference=cdn")));
  auto keys = event_keys(b.s);
  BOOST_REQUIRE_EQUAL(keys.size(), 1u);
  BOOST_TEST(keys[0].second == "42.00");
  // The billing system pays it with the request's key: an autopay movement, settled once.
  BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.deposit",
                      "elid=" + b.s +
                          "&amount=42&reference=card-1"
                          "&autopay_key=" +
                          keys[0].first)));
  BOOST_TEST(Balance(As::Admin(), b.s) == "49.00");
  BOOST_TEST(ErrorObjectOf(Pay(As::Admin(), "wallet.deposit",
                               "elid=" + b.s + "&amount=42&reference=card-2&autopay_key=" +
                                   keys[0].first)) == "autopay_key");
  BOOST_TEST(
      std::string(b.sub.Call("transaction").child("doc").child("elem").child_value("kind")) ==
      "autopay");
  // Two failed requests stop the rule, with an event; then nothing more is asked.
  for (int i = 0; i < 2; ++i) {
    BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.charge", "elid=" + b.s + "&amount=45&reference=x")));
    keys = event_keys(b.s);
    BOOST_REQUIRE_EQUAL(keys.size(), static_cast<std::size_t>(2 + i));
    BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.autopay_failed",
                        "elid=" + b.s + "&autopay_key=" + keys.back().first)));
    BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + b.s + "&amount=45&reference=r")));
  }
  BOOST_TEST(
      As::Admin().Call("wallet.edit", "elid=" + b.s).child("doc").child_value("autopay_stopped") ==
      std::string("on"));
  BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.charge", "elid=" + b.s + "&amount=45&reference=x")));
  BOOST_TEST(event_keys(b.s).size() == 3u);
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> stopped(db->prepareStatement(
      "SELECT COUNT(*) FROM outbox_event WHERE kind = 'wallet.autopay_stopped' AND target = ?"));
  stopped->setString(1, "wallet:" + b.s);
  std::unique_ptr<sql::ResultSet> rows(stopped->executeQuery());
  rows->next();
  BOOST_TEST(rows->getInt64(1) == 1);
  RequireBalancedBooks();
}

// A wallet's low-balance line (issue 25 item 1): a debit that takes the available money below
// it tells the owner once by mail and the event wallet.low_balance; staying below tells nobody
// again; a top-up and another fall tell again.
BOOST_AUTO_TEST_CASE(falling_below_a_low_balance_line_is_told_once_a_crossing) {
  const std::string r = Unique("lbr"), mail = r + "@lb.test";
  MakeReseller(r, "email=" + UrlEncode(mail));
  BOOST_REQUIRE(IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + r + "&amount=100&reference=in")));
  BOOST_REQUIRE(IsOk(As::Admin().Call("wallet.edit", "sok=ok&elid=" + r + "&low_balance=50.00")));
  BOOST_TEST(As::Admin().Call("wallet.edit", "elid=" + r).child("doc").child_value("low_balance") ==
             std::string("50.00"));
  BOOST_TEST(ErrorObjectOf(As::Admin().Call(
                 "wallet.edit", "sok=ok&elid=" + r + "&low_balance=-1")) == "low_balance");
  const auto events = [&] {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::PreparedStatement> count(db->prepareStatement(
        "SELECT COUNT(*) FROM outbox_event WHERE kind = 'wallet.low_balance' AND target = ?"));
    count->setString(1, "wallet:" + r);
    std::unique_ptr<sql::ResultSet> rows(count->executeQuery());
    rows->next();
    return rows->getInt64(1);
  };
  const auto charge = [&](const std::string& amount) {
    BOOST_REQUIRE(IsOk(
        Pay(As::Admin(), "wallet.charge", "elid=" + r + "&amount=" + amount + "&reference=lb")));
  };
  charge("30");  // 70 left: above the line
  BOOST_TEST(events() == 0);
  charge("30");  // 40 left: below it
  BOOST_TEST(events() == 1);
  charge("10");  // 30 left: still below, nobody told again
  BOOST_TEST(events() == 1);
  BOOST_TEST(IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + r + "&amount=100&reference=up")));
  charge("95");  // 35 left: below again after a top-up
  BOOST_TEST(events() == 2);
  const auto first = MailTo(mail, "left to spend", 2);
  BOOST_REQUIRE_EQUAL(first.size(), 2u);
  BOOST_TEST(first[0].body.find("below the line of 50.00") != std::string::npos);
  RequireBalancedBooks();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(money_load)

// 10,000 random transfers from 16 clients across 50 wallets (a reseller and its 49
// sub-resellers, each funded and given a credit limit), both ways down and back up the tree,
// then exact sums: what each wallet holds equals what the accepted transfers say, and the books
// balance. Refusals (short of money) must leave nothing behind.
BOOST_AUTO_TEST_CASE(ten_thousand_random_transfers_leave_exact_sums) {
  const std::string r = Unique("ml");
  MakeReseller(r, "may_resell=on");
  const As top = As::Login(r, kPassword);
  std::vector<std::string> subs;
  for (int i = 0; i < 49; ++i) {
    subs.push_back(r + "s" + std::to_string(i));
    BOOST_REQUIRE(
        IsOk(top.Call("reseller.edit", "sok=ok&name=" + subs.back() + "&passwd=" + kPassword)));
  }
  BOOST_REQUIRE(
      IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + r + "&amount=1000&reference=seed")));
  BOOST_REQUIRE(IsOk(As::Admin().Call("wallet.edit", "sok=ok&elid=" + r + "&credit_limit=100")));
  constexpr int kClients = 16, kPerClient = 625;  // 10,000 in all
  std::vector<std::vector<long long>> moved(kClients, std::vector<long long>(subs.size(), 0));
  std::atomic<int> accepted{0}, refused{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      unsigned seed = 7919u * (c + 1);
      for (int i = 0; i < kPerClient; ++i) {
        seed = seed * 1103515245u + 12345u;
        const std::size_t s = (seed >> 8) % subs.size();
        const int cents = 1 + static_cast<int>((seed >> 4) % 500);
        const bool down = ((seed >> 20) & 3) != 0;  // mostly down, sometimes back up
        const std::string amount = std::to_string(cents / 100) + "." +
                                   (cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100);
        const auto reply =
            top.Call(down ? "wallet.transfer" : "wallet.withdraw",
                     "sok=ok&elid=" + subs[s] + "&amount=" + amount + "&idempotency_key=load-" + r +
                         "-" + std::to_string(c) + "-" + std::to_string(i));
        if (IsOk(reply)) {
          ++accepted;
          moved[c][s] += down ? cents : -cents;
        } else if (ErrorType(reply) == "limit") {
          ++refused;
        } else {
          ++other;
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
  BOOST_TEST(other.load() == 0);
  BOOST_TEST(accepted.load() + refused.load() == kClients * kPerClient);
  BOOST_TEST(accepted.load() > 5000);
  // Each sub-reseller holds exactly what the accepted transfers moved to it; the reseller the rest.
  const auto wallets = top.Call("wallet");
  long long given = 0;
  for (std::size_t s = 0; s < subs.size(); ++s) {
    long long expected = 0;
    for (int c = 0; c < kClients; ++c) expected += moved[c][s];
    given += expected;
    const std::string balance = FindRow(wallets, subs[s]).child_value("balance");
    BOOST_TEST(balance == std::to_string(expected / 100) + "." + (expected % 100 < 10 ? "0" : "") +
                              std::to_string(expected % 100),
               subs[s]);
  }
  const long long own = 100000 - given;
  BOOST_TEST(std::string(FindRow(wallets, r).child_value("balance")) ==
             (own < 0 ? "-" : "") + std::to_string(std::llabs(own) / 100) + "." +
                 (std::llabs(own) % 100 < 10 ? "0" : "") + std::to_string(std::llabs(own) % 100));
  RequireBalancedBooks();
}

BOOST_AUTO_TEST_SUITE_END()
