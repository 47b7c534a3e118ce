// The wallet family's handlers over fakes (no database): which wallets a movement takes money
// from and to, under which floor, what the funnel records, and what is refused before anything
// moves. The same rules are exercised through the real stack in tests/http/money_test.cpp.

#include "wallet/wallet_functions.h"

#include <boost/test/unit_test.hpp>

#include "fakes/account/fake_directory.h"
#include "fakes/handler_harness.h"
#include "fakes/wallet/fake_receipts.h"
#include "fakes/wallet/fake_wallet_store.h"
#include "wallet/money_arrivals.h"

using namespace resellermgr;
using fakes::CallerAt;
using fakes::Refusal;
using Floor = wallet::WalletStore::Floor;

namespace {

struct WalletFixture {
  WalletFixture() : harness(wallet::RegisterWalletFunctions) {
    harness.stores.Put<account::Directory>(accounts);
    harness.stores.Put<wallet::WalletStore>(wallets);
    harness.stores.Put<wallet::Receipts>(receipts);
    harness.stores.Put<wallet::MoneyArrivals>(arrivals);
    arrivals.Add([this](const Deps&, const core::Request&, long long wallet_id, long long account) {
      arrived.push_back(wallet_id);
      arrived_for.push_back(account);
    });
    r1 = accounts.Add("r1", tenancy::kResellerLevel, "");
    r2 = accounts.Add("r2", tenancy::kResellerLevel, "");
    s1 = accounts.Add("s1", tenancy::kResellerLevel, "r1");
    s2 = accounts.Add("s2", tenancy::kResellerLevel, "r1");
    wallets.parents = {{s1.id, r1.id}, {s2.id, r1.id}};
  }
  core::Caller Admin() const { return CallerAt(core::AccessLevel::kAdmin, 1, "admin", "/1/"); }
  core::Caller As(const account::Account& a) const {
    return CallerAt(core::AccessLevel::kReseller, a.id, a.name, a.tree_path);
  }

  fakes::FakeDirectory accounts;
  fakes::FakeWalletStore wallets;
  fakes::FakeReceipts receipts;
  wallet::MoneyArrivals arrivals;
  std::vector<long long> arrived;      // wallets money arrived in, as listeners heard
  std::vector<long long> arrived_for;  // and their accounts
  fakes::HandlerHarness harness;
  account::Account r1, r2, s1, s2;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(wallet_functions, WalletFixture)

BOOST_AUTO_TEST_CASE(a_reseller_transfers_from_its_own_wallet_down_to_its_credit_floor) {
  wallets.SetCreditLimit(r1.id, 2000);
  const core::Reply reply = harness.Call(
      "wallet.transfer", "sok=ok&elid=s1&amount=10.50&idempotency_key=k1&memo=advance", As(r1));
  BOOST_TEST(!reply.IsError());
  BOOST_REQUIRE_EQUAL(wallets.moves.size(), 1u);
  const auto& move = wallets.moves[0];
  BOOST_TEST(move.from == wallets.ForAccount(r1.id, false).id);
  BOOST_TEST(move.to == wallets.ForAccount(s1.id, false).id);
  BOOST_TEST(move.amount == 1050);
  BOOST_TEST((move.floor == Floor::kCredit));
  BOOST_TEST(move.movement.memo == "advance");
  BOOST_TEST(move.movement.idem_key == "k1");
  BOOST_REQUIRE_EQUAL(harness.changes.recorded.size(), 1u);
  BOOST_TEST(harness.changes.recorded[0].event == "wallet.transfer");
  BOOST_TEST(harness.changes.recorded[0].target == "wallet:s1");
  BOOST_TEST(harness.changes.recorded[0].outcome == "transfer 10.50");
  BOOST_TEST(reply.doc_node().child("id").text().as_llong() == 1);
  // Whoever listens for money arriving hears of the receiving wallet, once.
  BOOST_TEST((arrived == std::vector<long long>{wallets.ForAccount(s1.id, false).id}));
  BOOST_TEST((arrived_for == std::vector<long long>{s1.id}));
}

BOOST_AUTO_TEST_CASE(the_admin_transfers_from_the_operators_books_without_a_floor) {
  harness.Call("wallet.transfer", "sok=ok&elid=r2&amount=5&idempotency_key=k", Admin());
  BOOST_REQUIRE_EQUAL(wallets.moves.size(), 1u);
  BOOST_TEST(wallets.moves[0].from == wallets.SystemWallet(wallet::kOperator));
  BOOST_TEST((wallets.moves[0].floor == Floor::kNone));
  BOOST_TEST(wallets.Balance(r2.id) == 500);
}

BOOST_AUTO_TEST_CASE(a_wallet_outside_the_callers_subtree_is_not_found_and_nothing_moves) {
  const auto [kind, object] = Refusal([&] {
    harness.Call("wallet.transfer", "sok=ok&elid=r2&amount=1&idempotency_key=k", As(r1));
  });
  BOOST_TEST((kind == base::ErrorKind::kNotFound));
  BOOST_TEST(object == "elid");
  // A sub-reseller cannot reach its parent either.
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.withdraw", "sok=ok&elid=r1&amount=1&idempotency_key=k",
                             As(s1));
              }).first == base::ErrorKind::kNotFound));
  BOOST_TEST(wallets.moves.empty());
  BOOST_TEST(harness.changes.recorded.empty());
}

BOOST_AUTO_TEST_CASE(money_moves_only_with_an_idempotency_key_and_a_well_formed_amount) {
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.transfer", "sok=ok&elid=s1&amount=1", As(r1));
              }) == std::pair{base::ErrorKind::kInvalidValue, std::string("idempotency_key")}));
  for (const char* amount : {"1.234", "-5", "0", "abc", "", "1e3", "99999999999999999999"}) {
    BOOST_TEST((Refusal([&] {
                  harness.Call("wallet.transfer",
                               std::string("sok=ok&elid=s1&idempotency_key=k&amount=") + amount,
                               As(r1));
                }) == std::pair{base::ErrorKind::kInvalidValue, std::string("amount")}),
               amount);
  }
  BOOST_TEST(wallets.moves.empty());
}

BOOST_AUTO_TEST_CASE(a_payer_past_its_floor_is_refused_with_nothing_recorded) {
  wallets.SetCreditLimit(r1.id, 1000);
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.transfer", "sok=ok&elid=s1&amount=10.01&idempotency_key=k",
                             As(r1));
              }).first == base::ErrorKind::kLimit));
  BOOST_TEST(harness.changes.recorded.empty());
  harness.Call("wallet.transfer", "sok=ok&elid=s1&amount=10&idempotency_key=k", As(r1));
  BOOST_TEST(wallets.Balance(r1.id) == -1000);
}

BOOST_AUTO_TEST_CASE(a_withdrawal_pulls_money_back_to_the_caller_and_floors_at_zero) {
  harness.Call("wallet.transfer", "sok=ok&elid=s1&amount=3&idempotency_key=a", Admin());
  harness.Call("wallet.withdraw", "sok=ok&elid=s1&amount=2&idempotency_key=b", As(r1));
  BOOST_TEST((wallets.moves.back().floor == Floor::kZero));
  BOOST_TEST(wallets.moves.back().to == wallets.ForAccount(r1.id, false).id);
  BOOST_TEST(wallets.Balance(s1.id) == 100);
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.withdraw", "sok=ok&elid=s1&amount=1.01&idempotency_key=c",
                             As(r1));
              }).first == base::ErrorKind::kLimit));
}

BOOST_AUTO_TEST_CASE(a_deposit_needs_a_reference_and_issues_a_payment_receipt) {
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.deposit", "elid=r1&amount=20&idempotency_key=k", Admin());
              }) == std::pair{base::ErrorKind::kInvalidValue, std::string("reference")}));
  const core::Reply reply = harness.Call(
      "wallet.deposit", "elid=r1&amount=20&idempotency_key=k&reference=INV-1", Admin());
  BOOST_TEST(wallets.moves.back().from == wallets.SystemWallet(wallet::kExternal));
  BOOST_TEST(wallets.moves.back().movement.reference == "INV-1");
  BOOST_REQUIRE_EQUAL(receipts.issued.size(), 1u);
  BOOST_TEST(receipts.issued[0].second == "payment");
  BOOST_TEST(reply.doc_node().child("document").text().as_llong() == 101);
  // A deposit that names an autopayment request settles it, and an unknown one is refused.
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.deposit",
                             "elid=r1&amount=1&idempotency_key=k2&reference=x&autopay_key=nope",
                             Admin());
              }) == std::pair{base::ErrorKind::kNotFound, std::string("autopay_key")}));
}

BOOST_AUTO_TEST_CASE(a_refund_returns_at_most_what_is_left_of_its_charge) {
  const long long wallet_id = wallets.ForAccount(r1.id, false).id;
  wallets.refundable[7] = {500, "order-7", "2026-11"};
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.refund", "elid=r1&amount=5.01&charge=7&idempotency_key=k",
                             Admin());
              }).first == base::ErrorKind::kLimit));
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.refund", "elid=r1&amount=1&charge=8&idempotency_key=k",
                             Admin());
              }) == std::pair{base::ErrorKind::kNotFound, std::string("charge")}));
  harness.Call("wallet.refund", "elid=r1&amount=5&charge=7&idempotency_key=k", Admin());
  const auto& move = wallets.moves.back();
  BOOST_TEST(move.from == wallets.SystemWallet(wallet::kRevenue));
  BOOST_TEST(move.to == wallet_id);
  BOOST_TEST(move.movement.refunds == 7);
  BOOST_TEST(move.movement.reference == "order-7");
  BOOST_TEST(receipts.issued.back().second == "refund");
}

BOOST_AUTO_TEST_CASE(a_charge_goes_to_revenue_down_to_the_payers_credit_floor) {
  wallets.SetCreditLimit(s2.id, 400);
  harness.Call("wallet.charge", "elid=s2&amount=4&idempotency_key=k&reference=hosting", Admin());
  const auto& move = wallets.moves.back();
  BOOST_TEST(move.from == wallets.ForAccount(s2.id, false).id);
  BOOST_TEST(move.to == wallets.SystemWallet(wallet::kRevenue));
  BOOST_TEST((move.floor == Floor::kCredit));
  BOOST_TEST(harness.changes.recorded.back().event == "wallet.charge");
  BOOST_TEST(wallets.Balance(s2.id) == -400);
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.charge", "elid=s2&amount=0.01&idempotency_key=k2&reference=x",
                             Admin());
              }).first == base::ErrorKind::kLimit));
}

BOOST_AUTO_TEST_CASE(a_resellers_credit_is_a_pool_its_accounts_share) {
  wallets.SetCreditLimit(r1.id, 10000);
  wallets.SetCreditLimit(s2.id, 7000);
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.edit", "sok=ok&elid=s1&credit_limit=30.01", As(r1));
              }) == std::pair{base::ErrorKind::kLimit, std::string("credit_limit")}));
  harness.Call("wallet.edit", "sok=ok&elid=s1&credit_limit=30", As(r1));
  BOOST_TEST(wallets.ForAccount(s1.id, false).credit_limit == 3000);
  BOOST_TEST(harness.changes.recorded.back().event == "wallet.changed");
}

BOOST_AUTO_TEST_CASE(credit_never_goes_below_what_the_account_gave_its_own) {
  wallets.SetCreditLimit(s1.id, 2000);
  wallets.SetCreditLimit(s2.id, 1000);
  // r1's own accounts hold 30.00 of credit: r1 may not go below it.
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.edit", "sok=ok&elid=r1&credit_limit=29.99", Admin());
              }).first == base::ErrorKind::kLimit));
  harness.Call("wallet.edit", "sok=ok&elid=r1&credit_limit=30", Admin());
  BOOST_TEST(wallets.ForAccount(r1.id, false).credit_limit == 3000);
}

BOOST_AUTO_TEST_CASE(an_autopayment_rule_is_checked_before_it_is_kept) {
  const long long wallet_id = wallets.ForAccount(r1.id, false).id;
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.edit", "sok=ok&elid=r1&autopay_mode=sometimes", Admin());
              }) == std::pair{base::ErrorKind::kInvalidValue, std::string("autopay_mode")}));
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.edit",
                             "sok=ok&elid=r1&autopay_mode=add_funds&autopay_threshold=10&"
                             "autopay_target=10",
                             Admin());
              }) == std::pair{base::ErrorKind::kInvalidValue, std::string("autopay_target")}));
  BOOST_TEST(wallets.rules[wallet_id].mode == "off");
  harness.Call("wallet.edit",
               "sok=ok&elid=r1&autopay_mode=add_funds&autopay_threshold=10&autopay_target=50",
               Admin());
  const wallet::AutopayRule& rule = wallets.rules[wallet_id];
  BOOST_TEST(rule.mode == "add_funds");
  BOOST_TEST(rule.threshold == 1000);
  BOOST_TEST(rule.target == 5000);
  BOOST_TEST(rule.monthly_max == 5);
  BOOST_TEST(rule.max_failures == 3);
}

BOOST_AUTO_TEST_CASE(a_failed_autopayment_names_an_open_request) {
  BOOST_TEST((Refusal([&] {
                harness.Call("wallet.autopay_failed", "elid=r1&autopay_key=nope", Admin());
              }) == std::pair{base::ErrorKind::kNotFound, std::string("autopay_key")}));
  wallets.open_autopay_keys["ap-1"] = true;
  harness.Call("wallet.autopay_failed", "elid=r1&autopay_key=ap-1", Admin());
  BOOST_TEST(harness.changes.recorded.back().event == "wallet.autopay_failed");
}

BOOST_AUTO_TEST_SUITE_END()
