// The wallet store against MariaDB: movements under each floor, the books' invariants, credit
// given below, autopayment requests and their settlement.

#include "wallet/wallet_store.h"

#include <boost/test/unit_test.hpp>

#include "base/errors.h"
#include "db/db_fixture.h"

using namespace resellermgr;
using namespace resellermgr::testing;
using Floor = wallet::WalletStore::Floor;

namespace {

struct WalletDb : MigratedDb {
  WalletDb() : wallets(*connection) {
    r1 = CreateReseller("wr1");
    r2 = CreateReseller("wr2");
  }
  wallet::Movement Movement(wallet::Kind kind, const std::string& key) {
    return {kind, "memo", "", "", "boss", "boss", "", key};
  }
  long long Move(long long from, long long to, std::int64_t amount, Floor floor,
                 const std::string& key, wallet::Kind kind = wallet::Kind::kTransfer) {
    db::Transaction tx(*connection);
    const long long id = wallets.Move(from, to, amount, floor, Movement(kind, key));
    tx.Commit();
    return id;
  }
  wallet::MySqlWalletStore wallets;
  long long r1 = 0, r2 = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(wallet_store)

BOOST_FIXTURE_TEST_CASE(a_movement_keeps_the_books_balanced, WalletDb) {
  const long long operator_books = wallets.SystemWallet(wallet::kOperator);
  const long long w1 = wallets.ForAccount(r1, false).id;
  const long long w2 = wallets.ForAccount(r2, false).id;
  Move(operator_books, w1, 5000, Floor::kNone, "a");
  Move(w1, w2, 1250, Floor::kCredit, "b");
  BOOST_TEST(wallets.ForAccount(r1, false).balance == 3750);
  BOOST_TEST(wallets.ForAccount(r2, false).balance == 1250);
  const wallet::VerifyResult books = wallets.Verify();
  BOOST_TEST(books.ok);
  BOOST_TEST(books.transfers == 2);
  const std::vector<wallet::Entry> statement = wallets.Statement(w1, 10);
  BOOST_REQUIRE_EQUAL(statement.size(), 2u);
  BOOST_TEST(statement[0].amount == -1250);  // newest first, out of this wallet
  BOOST_TEST(statement[0].balance == 3750);
  BOOST_TEST(statement[0].counterparty == "wr2");
  BOOST_TEST(statement[1].amount == 5000);
}

BOOST_FIXTURE_TEST_CASE(a_payer_is_held_to_its_floor, WalletDb) {
  const long long w1 = wallets.ForAccount(r1, false).id;
  const long long w2 = wallets.ForAccount(r2, false).id;
  {
    db::Transaction tx(*connection);
    wallets.SetCreditLimit(r1, 1000);
    tx.Commit();
  }
  BOOST_CHECK_THROW(Move(w1, w2, 1001, Floor::kCredit, "over"), base::PluginError);
  Move(w1, w2, 1000, Floor::kCredit, "to-the-limit");
  BOOST_TEST(wallets.ForAccount(r1, false).balance == -1000);
  // Pulled back down to zero only: w2 holds 10.00.
  BOOST_CHECK_THROW(Move(w2, w1, 1001, Floor::kZero, "below-zero"), base::PluginError);
  Move(w2, w1, 1000, Floor::kZero, "all");
  BOOST_TEST(wallets.Verify().ok);
  BOOST_TEST(wallets.UnsettledAt({"/"}).empty());
}

BOOST_FIXTURE_TEST_CASE(credit_given_below_counts_the_direct_children_but_one, WalletDb) {
  db::Transaction tx(*connection);
  wallets.SetCreditLimit(r1, 700);
  wallets.SetCreditLimit(r2, 300);
  BOOST_TEST(wallets.CreditGivenBelow(admin_account_id, 0) == 1000);
  BOOST_TEST(wallets.CreditGivenBelow(admin_account_id, r2) == 700);
}

BOOST_FIXTURE_TEST_CASE(an_autopayment_rule_asks_once_and_stops_after_its_failures, WalletDb) {
  const long long w1 = wallets.ForAccount(r1, false).id;
  wallet::AutopayRule rule;
  rule.mode = "add_funds";
  rule.threshold = 1000;
  rule.target = 5000;
  rule.max_failures = 1;
  db::Transaction tx(*connection);
  wallets.SetRule(w1, rule);
  // Available 0 < 10.00: the rule asks for 50.00, and not again while that request is open.
  const std::optional<wallet::AutopayRequest> ask = wallets.RequestAutopay(w1, 0, nullptr);
  BOOST_REQUIRE(ask);
  BOOST_TEST(ask->amount == 5000);
  BOOST_TEST(!wallets.RequestAutopay(w1, 0, nullptr));
  BOOST_TEST(!wallets.SettleAutopay(w1, "no-such-key", false, nullptr));
  bool stopped = false;
  BOOST_TEST(wallets.SettleAutopay(w1, ask->key, false, &stopped));
  BOOST_TEST(stopped);  // one failure was its count
  BOOST_TEST(wallets.Rule(w1).stopped);
  BOOST_TEST(!wallets.RequestAutopay(w1, 0, nullptr));
}

BOOST_AUTO_TEST_SUITE_END()
