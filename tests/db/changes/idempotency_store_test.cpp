// Idempotency records (changes/mysql_idempotency_store.cpp) against a real MariaDB: a new key is
// claimed with one insert, a live key answers with its record, an expired one is claimed anew.

#include "changes/idempotency_store.h"

#include <boost/test/unit_test.hpp>

#include "db/db_fixture.h"
#include "db/transaction.h"

using namespace resellermgr;
using namespace resellermgr::testing;

namespace {
// Parameter hashes are SHA-256 digests: 32 bytes.
const std::string kHashA(32, 'a');
const std::string kHashB(32, 'b');
}  // namespace

BOOST_AUTO_TEST_SUITE(idempotency_records)

BOOST_FIXTURE_TEST_CASE(a_key_is_claimed_once_a_day_and_answers_with_its_reply_meanwhile,
                        MigratedDb) {
  changes::MySqlIdempotencyStore records(*connection);
  {
    db::Transaction tx(*connection);
    BOOST_TEST(!records.Claim(login_id, "k1", "wallet.transfer", kHashA).has_value());
    records.Finish(login_id, "k1", "<doc><ok/></doc>");
    tx.Commit();
  }
  std::optional<changes::IdempotencyRecord> live =
      records.Claim(login_id, "k1", "wallet.deposit", kHashB);
  BOOST_REQUIRE(live.has_value());
  BOOST_TEST(live->func == "wallet.transfer");
  BOOST_TEST(live->params_hash == kHashA);
  BOOST_TEST(live->reply == "<doc><ok/></doc>");
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM idempotency_record") == 1);

  // A day later the key is free again: the old record goes and the new change claims it.
  Execute(*admin, "UPDATE idempotency_record SET created_at = created_at - INTERVAL 2 DAY");
  {
    db::Transaction tx(*connection);
    BOOST_TEST(!records.Claim(login_id, "k1", "wallet.deposit", kHashB).has_value());
    tx.Commit();
  }
  BOOST_TEST(Count(*admin,
                   "SELECT COUNT(*) FROM idempotency_record WHERE idem_key = 'k1' AND "
                   "func = 'wallet.deposit' AND created_at > UTC_TIMESTAMP() - "
                   "INTERVAL 1 HOUR") == 1);
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM idempotency_record") == 1);
}

BOOST_FIXTURE_TEST_CASE(a_claim_rolls_back_with_its_change, MigratedDb) {
  changes::MySqlIdempotencyStore records(*connection);
  {
    db::Transaction tx(*connection);
    BOOST_TEST(!records.Claim(login_id, "k2", "wallet.transfer", kHashA).has_value());
  }  // no Commit: the change failed
  BOOST_TEST(!records.Claim(login_id, "k2", "wallet.transfer", kHashA).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
