// Stores and migrations against the throwaway MariaDB (tests/stack.sh). Each fixture migrates a
// scratch database of its own from empty and drops it afterwards.

#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "db/connection.h"
#include "db/db_fixture.h"
#include "db/migrator.h"
#include "db/transaction.h"
#include "identity/auth_store.h"
#include "identity/session_identity.h"
#include "support/test_env.h"
#include "util/crypto.h"

using namespace resellermgr;
using namespace resellermgr::testing;

namespace {

const identity::SessionPolicy kPolicy{3600, 86400};

}  // namespace

BOOST_AUTO_TEST_SUITE(migrations)

BOOST_FIXTURE_TEST_CASE(from_empty_creates_the_schema_and_a_second_run_applies_nothing, ScratchDb) {
  const auto applied = db::Migrate(*connection, TestEnv("SQL_DIR"));
  BOOST_TEST(applied.size() == db::ListMigrations(TestEnv("SQL_DIR")).size());
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM schema_migrations") ==
             static_cast<long long>(applied.size()));
  for (const char* table :
       {"account", "login", "session", "auth_key", "auth_failure", "audit_log"}) {
    BOOST_TEST(
        Count(*admin, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" +
                          name + "' AND table_name = '" + table + "'") == 1);
  }
  BOOST_TEST(db::Migrate(*connection, TestEnv("SQL_DIR")).empty());
}

BOOST_FIXTURE_TEST_CASE(a_migration_edited_after_it_was_applied_is_refused, ScratchDb) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::create_directories(dir);
  std::filesystem::copy(TestEnv("SQL_DIR"), dir, std::filesystem::copy_options::recursive);
  db::Migrate(*connection, dir.string());
  const auto first = db::ListMigrations(dir.string()).front();
  std::ofstream(first.path, std::ios::app) << "\n-- edited\n";
  BOOST_CHECK_THROW(db::Migrate(*connection, dir.string()), std::runtime_error);
  std::filesystem::remove_all(dir);
}

BOOST_FIXTURE_TEST_CASE(saved_list_filters_move_onto_the_login_row, ScratchDb) {
  // Up to 009 the filters lived in list_filter; 010 carries them into login.list_filters.
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::create_directories(dir);
  for (const auto& migration : db::ListMigrations(TestEnv("SQL_DIR"))) {
    const std::filesystem::path file(migration.path);
    if (migration.version < 10) std::filesystem::copy(file, dir / file.filename());
  }
  db::Migrate(*connection, dir.string());
  std::filesystem::remove_all(dir);
  // Rows as the schema of 009 had them (today's stores write columns it does not have yet).
  std::unique_ptr<sql::Statement> old_schema(admin->createStatement());
  old_schema->execute("INSERT INTO account (level, name) VALUES (29, 'boss')");
  old_schema->execute(
      "INSERT INTO login (account_id, name, password_hash) SELECT id, 'boss', 'x' FROM account");
  long long boss = 0;
  {
    std::unique_ptr<sql::ResultSet> row(old_schema->executeQuery("SELECT id FROM login"));
    row->next();
    boss = row->getInt64(1);
  }
  std::unique_ptr<sql::Statement>(admin->createStatement())
      ->execute("INSERT INTO list_filter (login_id, list, name_contains, status) VALUES (" +
                std::to_string(boss) + ", 'user', 'a\"b', 'overlimit'), (" + std::to_string(boss) +
                ", 'reseller', '', 'suspended')");

  BOOST_TEST(db::Migrate(*connection, TestEnv("SQL_DIR")).size() >= 1u);
  tenancy::LimitCatalog limits(*connection);
  identity::AccountLogins logins(*connection);
  account::MySqlAccountStore accounts(*connection, limits, logins);
  BOOST_TEST(accounts.SavedFilter(boss, "user").name_contains == "a\"b");
  BOOST_TEST(accounts.SavedFilter(boss, "user").status == "overlimit");
  BOOST_TEST(accounts.SavedFilter(boss, "reseller").status == "suspended");
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" +
                               name + "' AND table_name = 'list_filter'") == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sessions)

BOOST_FIXTURE_TEST_CASE(saved_filters_come_with_the_session_and_keep_every_character, MigratedDb) {
  tenancy::LimitCatalog limits(*connection);
  identity::AccountLogins logins(*connection);
  account::MySqlAccountStore accounts(*connection, limits, logins);
  const identity::NewSession session = store.CreateSession(login_id, "", "", kPolicy);
  const std::string awkward = "a\"b\\c %_ \u00e9\U0001F600 {}[]'$.x";
  BOOST_TEST(accounts.SavedFilter(login_id, "user").name_contains.empty());  // none saved yet
  BOOST_TEST(store.FindSession(session.token, kPolicy)->saved_filters.at("user").status.empty());

  accounts.SaveFilter(login_id, "user", {awkward, "overlimit"});
  accounts.SaveFilter(login_id, "reseller", {"r1", "suspended"});
  BOOST_TEST(accounts.SavedFilter(login_id, "user").name_contains == awkward);
  auto found = store.FindSession(session.token, kPolicy);
  BOOST_REQUIRE(found.has_value());
  BOOST_TEST(found->saved_filters.at("user").name_contains == awkward);
  BOOST_TEST(found->saved_filters.at("user").status == "overlimit");
  BOOST_TEST(found->saved_filters.at("reseller").name_contains == "r1");
  BOOST_TEST(found->saved_filters.at("reseller").status == "suspended");

  accounts.SaveFilter(login_id, "user", {"", ""});  // clearing one list leaves the other
  found = store.FindSession(session.token, kPolicy);
  BOOST_TEST(found->saved_filters.at("user").name_contains.empty());
  BOOST_TEST(found->saved_filters.at("user").status.empty());
  BOOST_TEST(found->saved_filters.at("reseller").status == "suspended");
  BOOST_TEST(accounts.SavedFilter(login_id, "reseller").name_contains == "r1");
}

BOOST_FIXTURE_TEST_CASE(a_copy_a_writer_forgot_is_found_and_repaired_by_the_background_pass,
                        MigratedDb) {
  const identity::NewSession session = store.CreateSession(login_id, "", "", kPolicy);
  identity::SessionCopies copies(*connection);
  BOOST_TEST(copies.RefreshStale() == 0);
  // A change made behind identity's back (as a forgotten writer would): the copy still says
  // English until the pass compares it with the login.
  Execute(*admin, "UPDATE login SET lang = 'ru' WHERE name = 'boss'");
  BOOST_TEST(store.FindSession(session.token, kPolicy)->login.lang == "en");
  BOOST_TEST(copies.RefreshStale() == 1);
  BOOST_TEST(store.FindSession(session.token, kPolicy)->login.lang == "ru");
  BOOST_TEST(copies.RefreshStale() == 0);
  // A disabled login's copy says it is not live: the session is not found.
  Execute(*admin, "UPDATE login SET disabled = 1 WHERE name = 'boss'");
  BOOST_TEST(copies.RefreshStale() == 1);
  BOOST_TEST(!store.FindSession(session.token, kPolicy).has_value());
}

BOOST_FIXTURE_TEST_CASE(create_find_and_delete, MigratedDb) {
  const identity::NewSession session = store.CreateSession(login_id, "127.0.0.1", "", kPolicy);
  auto found = store.FindSession(session.token, kPolicy);
  BOOST_REQUIRE(found.has_value());
  BOOST_TEST(found->login.name == "boss");
  BOOST_TEST(found->login.level == 29);
  BOOST_TEST(found->csrf_token == session.csrf_token);
  BOOST_TEST(!store.FindSession(util::RandomToken(), kPolicy).has_value());
  BOOST_TEST(store.DeleteSession(session.token));
  BOOST_TEST(!store.FindSession(session.token, kPolicy).has_value());
  BOOST_TEST(!store.DeleteSession(session.token));
}

BOOST_FIXTURE_TEST_CASE(only_a_hash_of_the_session_id_is_stored, MigratedDb) {
  const identity::NewSession session = store.CreateSession(login_id, "127.0.0.1", "", kPolicy);
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM session WHERE id_hash = UNHEX('" +
                               util::HexEncode(util::Sha256(session.token)) + "')") == 1);
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM session WHERE HEX(id_hash) LIKE '%" +
                               session.token.substr(0, 16) + "%' OR id_hash = '" + session.token +
                               "'") == 0);
}

BOOST_FIXTURE_TEST_CASE(idle_timeout_and_absolute_lifetime_end_sessions, MigratedDb) {
  const identity::SessionPolicy short_idle{1, 3600};
  const identity::NewSession idle = store.CreateSession(login_id, "", "", short_idle);
  const identity::SessionPolicy short_life{3600, 1};
  const identity::NewSession mortal = store.CreateSession(login_id, "", "", short_life);
  BOOST_TEST(store.FindSession(idle.token, short_idle).has_value());
  BOOST_TEST(store.FindSession(mortal.token, short_life).has_value());
  SleepSeconds(1.3);
  BOOST_TEST(!store.FindSession(idle.token, short_idle).has_value());
  BOOST_TEST(!store.FindSession(mortal.token, short_life).has_value());
}

BOOST_FIXTURE_TEST_CASE(a_new_password_ends_the_logins_sessions, MigratedDb) {
  const identity::NewSession session = store.CreateSession(login_id, "", "", kPolicy);
  BOOST_TEST(store.SetPassword("boss", util::HashPassword("another-password")));
  BOOST_TEST(!store.FindSession(session.token, kPolicy).has_value());
  BOOST_TEST(util::VerifyPassword("another-password", store.FindLogin("boss")->password_hash));
}

BOOST_FIXTURE_TEST_CASE(keys_work_once_and_expire, MigratedDb) {
  store.PutKey(login_id, "0123456789abcdef", 60, login_id);
  BOOST_TEST(!store.ConsumeKey(login_id + 1, "0123456789abcdef"));  // bound to its login
  BOOST_TEST(store.ConsumeKey(login_id, "0123456789abcdef"));
  BOOST_TEST(!store.ConsumeKey(login_id, "0123456789abcdef"));
  store.PutKey(login_id, "fedcba9876543210", 1, login_id);
  SleepSeconds(1.3);
  BOOST_TEST(!store.ConsumeKey(login_id, "fedcba9876543210"));
}

BOOST_FIXTURE_TEST_CASE(duplicate_admin_names_are_refused, MigratedDb) {
  try {
    CreateAdmin("boss", "x-password");
    BOOST_FAIL("a second 'boss' was created");
  } catch (const base::PluginError& e) {
    BOOST_TEST((e.kind() == base::ErrorKind::kExists));
  }
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM account") == 1);  // the transaction rolled back
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(statements)

// Every list filter and sort is a statement text of its own; a connection keeps only the most
// recently used, so the server's shared max_prepared_stmt_count is never exhausted.
BOOST_FIXTURE_TEST_CASE(a_connection_keeps_a_bounded_number_of_prepared_statements, ScratchDb) {
  base::DbSettings settings;
  settings.socket = TestEnv("DB_SOCKET");
  settings.user = TestEnv("DB_TEST_USER");
  settings.password = TestEnv("DB_TEST_PASSWORD");
  settings.name = name;
  settings.statement_cache_size = 8;
  db::Connection bounded(*sql::mysql::get_driver_instance(), settings);
  bounded.EnsureConnected();
  const std::string count_statements = "SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'";
  const auto server_count = [&] {
    std::unique_ptr<sql::Statement> statement(admin->createStatement());
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(count_statements));
    rows->next();
    return rows->getInt64(2);
  };
  const long long before = server_count();
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i) texts.push_back("SELECT " + std::to_string(i) + " + ?");
  for (const std::string& text : texts) {
    sql::PreparedStatement& statement = bounded.Prepare(text.c_str());
    statement.setInt(1, 1);
    auto rows = db::Select(statement);
    BOOST_TEST_REQUIRE(rows->next());
  }
  BOOST_TEST(bounded.cached_statements() == 8u);
  BOOST_TEST(server_count() - before <= 8);
  // An evicted statement is prepared again when it is needed, and the most recent ones are kept.
  sql::PreparedStatement& first = bounded.Prepare(texts[0].c_str());
  first.setInt(1, 41);
  auto rows = db::Select(first);
  BOOST_TEST_REQUIRE(rows->next());
  BOOST_TEST(rows->getInt(1) == 41);
  BOOST_TEST(bounded.cached_statements() == 8u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(throttling)

// One attempt that fails: started, then settled as a failure.
bool FailedAttempt(identity::MySqlAuthStore& store, const std::string& subject,
                   const std::string& ip, const identity::ThrottlePolicy& policy,
                   identity::Throttle kind = identity::Throttle::kPassword) {
  if (!store.BeginAttempt(kind, subject, ip, policy)) return false;
  store.FailAttempt(kind, subject, ip);
  return true;
}

BOOST_FIXTURE_TEST_CASE(attempts_count_per_login_and_address_within_the_window, MigratedDb) {
  const identity::ThrottlePolicy policy{60, 5, 8};
  for (int i = 0; i < 5; ++i) BOOST_TEST(FailedAttempt(store, "boss", "10.0.0.9", policy));
  BOOST_TEST(!FailedAttempt(store, "boss", "10.0.0.9", policy));  // the 6th for the login
  // Refused by the throttle alone, it is no failure of its own (issue 20).
  BOOST_TEST(Count(*admin, "SELECT failures + pending FROM auth_failure WHERE subject = 'boss'") ==
             5);
  BOOST_TEST(FailedAttempt(store, "other", "10.0.0.9", policy));   // 6th for the address
  BOOST_TEST(FailedAttempt(store, "other", "10.0.0.9", policy));   // 7th
  BOOST_TEST(FailedAttempt(store, "other", "10.0.0.9", policy));   // 8th
  BOOST_TEST(!FailedAttempt(store, "other", "10.0.0.9", policy));  // 9th: the address is done
  BOOST_TEST(
      !store.BeginAttempt(identity::Throttle::kPassword, "boss ", "10.0.0.8", policy));  // padding
  // Right credentials forget the login's failures; the address keeps its own.
  BOOST_TEST(store.BeginAttempt(identity::Throttle::kPassword, "fresh", "10.0.0.9", policy) ==
             false);
  store.EndAttempt(identity::Throttle::kPassword, "boss", "10.0.0.8", true);
  BOOST_TEST(Count(*admin, "SELECT failures FROM auth_failure WHERE subject = 'boss'") == 0);
  BOOST_TEST(store.BeginAttempt(identity::Throttle::kPassword, "boss", "10.0.0.8", policy));
  store.EndAttempt(identity::Throttle::kPassword, "boss", "10.0.0.8", true);
  BOOST_TEST(Count(*admin, "SELECT pending FROM auth_failure WHERE subject = '10.0.0.8'") == 0);
  BOOST_TEST(Count(*admin, "SELECT failures FROM auth_failure WHERE subject = '10.0.0.9'") == 8);
}

BOOST_FIXTURE_TEST_CASE(second_factor_and_reset_attempts_have_counters_of_their_own, MigratedDb) {
  const identity::ThrottlePolicy policy{60, 3, 100};
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(FailedAttempt(store, "two", "10.1.0." + std::to_string(i), policy,
                             identity::Throttle::kSecondFactor));
  // Codes from a new address are done, however many addresses: the counter is the login's.
  BOOST_TEST(!FailedAttempt(store, "two", "10.1.0.9", policy, identity::Throttle::kSecondFactor));
  // A right password neither clears it nor is stopped by it; only a right code clears it.
  BOOST_TEST(store.BeginAttempt(identity::Throttle::kPassword, "two", "10.1.0.9", policy));
  store.EndAttempt(identity::Throttle::kPassword, "two", "10.1.0.9", false);
  BOOST_TEST(!FailedAttempt(store, "two", "10.1.0.9", policy, identity::Throttle::kSecondFactor));
  // Reset requests never spend the address's login budget.
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(FailedAttempt(store, "r" + std::to_string(i), "10.2.0.1", policy,
                             identity::Throttle::kReset));
  BOOST_TEST(store.BeginAttempt(identity::Throttle::kPassword, "r0", "10.2.0.1", policy));
}

BOOST_FIXTURE_TEST_CASE(an_attempt_whose_request_died_stops_counting, MigratedDb) {
  const identity::ThrottlePolicy policy{3600, 2, 100};
  // Two attempts started and never settled (their requests died with the database): the login
  // is full while they may still be in flight...
  BOOST_TEST(store.BeginAttempt(identity::Throttle::kPassword, "crash", "10.3.0.1", policy));
  BOOST_TEST(store.BeginAttempt(identity::Throttle::kPassword, "crash", "10.3.0.1", policy));
  BOOST_TEST(!store.BeginAttempt(identity::Throttle::kPassword, "crash", "10.3.0.1", policy));
  // ...and not once they cannot be (30 s after their batch began): a right password gets in.
  Execute(*admin, "UPDATE auth_failure SET pending_at = pending_at - INTERVAL 31 SECOND");
  BOOST_TEST(store.BeginAttempt(identity::Throttle::kPassword, "crash", "10.3.0.1", policy));
  store.EndAttempt(identity::Throttle::kPassword, "crash", "10.3.0.1", true);
  BOOST_TEST(Count(*admin, "SELECT failures + pending FROM auth_failure WHERE subject = 'crash'") ==
             0);
}

BOOST_FIXTURE_TEST_CASE(an_expired_window_starts_counting_again, MigratedDb) {
  const identity::ThrottlePolicy policy{1, 100, 3};
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(FailedAttempt(store, "u" + std::to_string(i), "10.0.0.1", policy));
  BOOST_TEST(!FailedAttempt(store, "u9", "10.0.0.1", policy));
  SleepSeconds(1.3);
  BOOST_TEST(FailedAttempt(store, "u9", "10.0.0.1", policy));
  BOOST_TEST(Count(*admin, "SELECT failures FROM auth_failure WHERE subject = '10.0.0.1'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit_log)

BOOST_FIXTURE_TEST_CASE(the_hash_chain_verifies_and_detects_tampering, MigratedDb) {
  for (int i = 0; i < 3; ++i) {
    audit.Append({"boss", "boss", "127.0.0.1", "auth", "boss", i == 1 ? "badpassword" : "ok", ""});
  }
  audit::VerifyResult intact = audit.Verify();
  BOOST_TEST(intact.ok);
  BOOST_TEST(intact.rows == 3u);
  std::unique_ptr<sql::Statement>(admin->createStatement())
      ->execute("UPDATE audit_log SET outcome = 'ok' WHERE outcome = 'badpassword'");
  audit::VerifyResult tampered = audit.Verify();
  BOOST_TEST(!tampered.ok);
  BOOST_TEST(tampered.first_bad_id == 2u);
}

BOOST_FIXTURE_TEST_CASE(an_audit_row_rolls_back_with_its_transaction, MigratedDb) {
  {
    db::Transaction tx(*connection);
    audit.Append({"boss", "boss", "", "x", "", "ok", ""});
  }  // no Commit
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM audit_log") == 0);
  BOOST_TEST(audit.Verify().ok);
}

BOOST_FIXTURE_TEST_CASE(rows_are_sealed_into_their_chains_after_they_commit_in_commit_order,
                        MigratedDb) {
  const auto other = NewConnection();
  audit::AuditLog elsewhere(*other);
  {
    db::Transaction tx(*connection);
    for (int i = 0; i < 20; ++i) audit.Append({"boss", "boss", "", "late", "", "ok", ""});
    // Rows committed meanwhile on another connection are sealed; the open transaction's are
    // locked by it and wait: nothing is sealed before it commits.
    for (int i = 0; i < 20; ++i) elsewhere.Append({"boss", "boss", "", "early", "", "ok", ""});
    BOOST_TEST(elsewhere.Seal(audit::AuditLog::Chains::kAll) == 20);
    BOOST_TEST(Count(*admin,
                     "SELECT COUNT(*) FROM audit_log WHERE seq IS NOT NULL AND "
                     "row_hash IS NOT NULL AND func = 'early'") == 20);
    tx.Commit();
  }
  BOOST_TEST(elsewhere.Seal(audit::AuditLog::Chains::kAll) == 20);
  BOOST_TEST(elsewhere.Seal(audit::AuditLog::Chains::kAll) == 0);
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM audit_log WHERE seq IS NULL") == 0);
  // Within each chain, every row committed early comes before every row committed late, though
  // the late ones have the smaller ids.
  BOOST_TEST(Count(*admin,
                   "SELECT COUNT(*) FROM audit_log e JOIN audit_log l ON l.chain = e.chain "
                   "WHERE e.func = 'early' AND l.func = 'late' AND e.seq > l.seq") == 0);
  BOOST_TEST(Count(*admin,
                   "SELECT COUNT(*) FROM audit_log e JOIN audit_log l ON l.chain = e.chain "
                   "WHERE e.func = 'early' AND l.func = 'late' AND e.id > l.id") > 0);
  // Each chain's head names its last row.
  BOOST_TEST(Count(*admin,
                   "SELECT COUNT(*) FROM audit_head h JOIN audit_log l ON l.chain = h.id "
                   "AND l.seq = h.last_seq AND l.row_hash = h.last_hash") ==
             Count(*admin, "SELECT COUNT(DISTINCT chain) FROM audit_log"));
  const audit::VerifyResult result = audit.Verify();
  BOOST_TEST(result.ok);
  BOOST_TEST(result.rows == 40u);
}

BOOST_FIXTURE_TEST_CASE(verify_seals_what_has_committed_first, MigratedDb) {
  for (int i = 0; i < 3; ++i) audit.Append({"boss", "boss", "", "x", "", "ok", ""});
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM audit_log WHERE row_hash IS NULL") == 3);
  BOOST_TEST(audit.Verify().rows == 3u);
  BOOST_TEST(Count(*admin, "SELECT COUNT(*) FROM audit_log WHERE row_hash IS NULL") == 0);
}

BOOST_AUTO_TEST_CASE(the_application_user_cannot_rewrite_the_audit_log) {
  // The stack's real database, migrated and granted by resellerctl like an install.
  auto app = ConnectAsAppUser();
  std::unique_ptr<sql::Statement> statement(app->createStatement());
  BOOST_CHECK_THROW(statement->execute("UPDATE audit_log SET outcome = 'x'"), sql::SQLException);
  BOOST_CHECK_THROW(statement->execute("UPDATE audit_log SET params = '', actor = 'x'"),
                    sql::SQLException);
  BOOST_CHECK_THROW(statement->execute("DELETE FROM audit_log"), sql::SQLException);
  BOOST_CHECK_THROW(statement->execute("DROP TABLE session"), sql::SQLException);
  BOOST_TEST(Count(*app, "SELECT COUNT(*) FROM login") >= 1);
}

BOOST_AUTO_TEST_SUITE_END()
