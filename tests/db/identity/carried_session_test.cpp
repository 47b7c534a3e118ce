// A session as a worker saw it, asked about in the statement of the request's read (issue 26: a
// list read with a session is one round trip): the question the page carries, its answers, and
// the connection refusing to write before a yes.

#include <boost/test/unit_test.hpp>

#include "account/account_store.h"
#include "db/connection.h"
#include "db/db_fixture.h"
#include "db/transaction.h"
#include "identity/auth_store.h"
#include "identity/session_identity.h"

using namespace resellermgr;
using namespace resellermgr::testing;

namespace {

const identity::SessionPolicy kPolicy{3600, 86400};

// The admin's first reseller page, as a list request reads it, carrying what the session asked.
account::ListResult FirstPage(MigratedDb& db) {
  account::ListQuery query;
  query.level = tenancy::kResellerLevel;
  return db.accounts.List(db.AdminScope(), query);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(carried_session)

BOOST_FIXTURE_TEST_CASE(a_seen_session_is_confirmed_by_the_page_that_carries_its_question,
                        MigratedDb) {
  CreateReseller("r1");
  const identity::NewSession session = store.CreateSession(login_id, "", "", kPolicy);
  db::CarriedCheck& carried = connection->carried();

  // Not seen yet: nothing to take, nothing asked.
  connection->EnsureConnected();
  BOOST_TEST(!store.SessionAsSeen(session.token, kPolicy).has_value());
  BOOST_TEST(!carried.asked());
  BOOST_REQUIRE(store.FindSession(session.token, kPolicy).has_value());

  // Seen: taken as it was, and the page answers yes.
  connection->EnsureConnected();
  const auto seen = store.SessionAsSeen(session.token, kPolicy);
  BOOST_REQUIRE(seen.has_value());
  BOOST_TEST(seen->login.name == "boss");
  BOOST_TEST(seen->csrf_token == session.csrf_token);
  BOOST_TEST(carried.open());
  BOOST_TEST(FirstPage(*this).rows.size() == 1U);
  BOOST_TEST(carried.held());

  // Any change to what the session reads as (here its language, through identity's writer)
  // makes the page answer no, and finding it the long way remembers it anew.
  Execute(*admin, "UPDATE login SET lang = 'ru' WHERE name = 'boss'");
  identity::SessionCopies(*connection).OfLogin(login_id);
  connection->EnsureConnected();
  BOOST_REQUIRE(store.SessionAsSeen(session.token, kPolicy).has_value());
  FirstPage(*this);
  BOOST_TEST(!carried.open());
  BOOST_TEST(!carried.held());
  BOOST_TEST(store.FindSession(session.token, kPolicy)->login.lang == "ru");
  connection->EnsureConnected();
  BOOST_TEST(store.SessionAsSeen(session.token, kPolicy)->login.lang == "ru");
  FirstPage(*this);
  BOOST_TEST(carried.held());

  // The csrf token compared byte for byte: a case-only difference is a difference.
  std::string upper = session.csrf_token;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  BOOST_REQUIRE(upper != session.csrf_token);
  Execute(*admin, "UPDATE session SET csrf_token = '" + upper + "'");
  connection->EnsureConnected();
  store.SessionAsSeen(session.token, kPolicy);
  FirstPage(*this);
  BOOST_TEST(!carried.held());

  // An ended session: no; and the long way finds nothing and forgets it.
  connection->EnsureConnected();  // a new request (after a no, the connection only reads)
  BOOST_TEST(store.DeleteSession(session.token));
  connection->EnsureConnected();
  BOOST_REQUIRE(store.SessionAsSeen(session.token, kPolicy).has_value());
  FirstPage(*this);
  BOOST_TEST(!carried.held());
  BOOST_TEST(!store.FindSession(session.token, kPolicy).has_value());
  BOOST_TEST(!store.SessionAsSeen(session.token, kPolicy).has_value());
}

BOOST_FIXTURE_TEST_CASE(an_empty_page_lets_its_count_carry_the_question, MigratedDb) {
  const identity::NewSession session = store.CreateSession(login_id, "", "", kPolicy);
  BOOST_REQUIRE(store.FindSession(session.token, kPolicy).has_value());
  connection->EnsureConnected();
  BOOST_REQUIRE(store.SessionAsSeen(session.token, kPolicy).has_value());
  const account::ListResult page = FirstPage(*this);  // no reseller yet
  BOOST_TEST(page.rows.empty());
  BOOST_TEST(page.total == 0);
  BOOST_TEST(connection->carried().held());
}

BOOST_FIXTURE_TEST_CASE(nothing_is_written_before_the_answer_is_yes, MigratedDb) {
  db::CarriedCheck& carried = connection->carried();
  const auto ask = [&](const char* column) {
    connection->EnsureConnected();
    carried.Ask(column, [](sql::PreparedStatement&, int i) { return i; });
  };
  ask("(SELECT 0) AS carried");
  BOOST_CHECK_THROW(connection->Prepare("UPDATE login SET lang = 'ru'"), std::logic_error);
  BOOST_CHECK_THROW(connection->Prepare("  INSERT INTO login (name) VALUES ('x')"),
                    std::logic_error);
  BOOST_CHECK_THROW(db::Transaction tx(*connection), std::logic_error);
  BOOST_CHECK_NO_THROW(connection->Prepare("SELECT 1 AS one"));
  carried.Answer(false);  // a no keeps the connection read-only
  BOOST_CHECK_THROW(connection->Prepare("UPDATE login SET lang = 'ru'"), std::logic_error);
  ask("(SELECT 1) AS carried");
  carried.Answer(true);
  BOOST_CHECK_NO_THROW(db::Transaction tx(*connection));
  BOOST_CHECK_NO_THROW(connection->Prepare("UPDATE login SET lang = lang"));
  // The next request starts with no question.
  carried.Answer(false);
  connection->EnsureConnected();
  BOOST_TEST(!carried.asked());
  BOOST_CHECK_NO_THROW(connection->Prepare("UPDATE login SET lang = lang WHERE id = 0"));
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM login WHERE lang = 'ru'") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
