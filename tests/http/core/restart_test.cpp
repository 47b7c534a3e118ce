// A MariaDB restart costs only the requests made while it is down: they get a typed error, and
// the same resellermgr process (and the same session) works again once the server is back.

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "http/money.h"

using namespace resellermgr::testing;

namespace {

std::string AppPid() {
  std::ifstream in(TestEnv("STACK_DIR") + "/app.pid");
  std::string pid;
  in >> pid;
  return pid;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(db_restart)

BOOST_AUTO_TEST_CASE(requests_fail_cleanly_while_the_database_is_down_and_recover_after) {
  const std::string pid = AppPid();
  const std::string id =
      LogIn(TestEnv("BASE_URL"), TestEnv("ADMIN_LOGIN"), TestEnv("ADMIN_PASSWORD"));
  // Touch every worker's connection first, so each has one to lose.
  for (int i = 0; i < 8; ++i)
    BOOST_TEST(HttpGet(Url("auth=" + id + "&func=whoami")).Xml().child("doc").child("user"));

  RunOrFail(TestEnv("STACK_SCRIPT") + " db-stop " + TestEnv("STACK_DIR"));
  for (int i = 0; i < 8; ++i) {
    HttpResponse down = HttpGet(Url("auth=" + id + "&func=whoami"));
    BOOST_TEST(down.status == 200);
    const pugi::xml_document reply = down.Xml();
    pugi::xml_node error = ErrorOf(reply);
    BOOST_TEST(error.attribute("type").value() == std::string("internal"));
    BOOST_TEST(error.attribute("object").value() == std::string("database"));
  }
  RunOrFail(TestEnv("STACK_SCRIPT") + " db-start " + TestEnv("STACK_DIR"));

  for (int i = 0; i < 8; ++i) {
    pugi::xml_document up = HttpGet(Url("auth=" + id + "&func=whoami")).Xml();
    BOOST_TEST(up.child("doc").child("user").attribute("name").value() == TestEnv("ADMIN_LOGIN"),
               "request " << i);
  }
  BOOST_TEST(AppPid() == pid);
}

// The server drops every connection of the application (as a restart or an idle timeout would
// between two requests): the reads that come next are answered, each on a new connection.
BOOST_AUTO_TEST_CASE(reads_survive_connections_the_server_dropped) {
  const std::string admin_auth = AdminAuthinfo();
  BOOST_REQUIRE(HttpGet(Url(admin_auth + "&func=whoami")).Xml().child("doc").child("user"));
  {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::Statement> statement(db->createStatement());
    std::vector<long long> ids;
    {
      std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(
          "SELECT id FROM information_schema.processlist WHERE user = 'rm_app'"));
      while (rows->next()) ids.push_back(rows->getInt64(1));
    }
    BOOST_TEST_REQUIRE(!ids.empty());
    for (long long id : ids) {
      try {
        statement->execute("KILL CONNECTION " + std::to_string(id));
      } catch (const sql::SQLException&) {  // gone already
      }
    }
  }
  for (int i = 0; i < 12; ++i) {
    const auto reply = HttpGet(Url(admin_auth + "&func=reseller&p_cnt=1")).Xml();
    BOOST_TEST(!ErrorOf(reply), i << ": " << ErrorOf(reply).child_value("msg"));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(money_restart)

// MariaDB stops and starts while four clients move money, each retrying a failed request with
// the same idempotency key until it is acknowledged: every acknowledged transfer is in the books
// once, none twice, and the books balance.
BOOST_AUTO_TEST_CASE(money_moved_across_a_database_restart_is_applied_exactly_once) {
  const std::string admin_auth = AdminAuthinfo();
  const std::string r = "mrs" + std::to_string(time(nullptr) % 100000);
  const std::string s = r + "sub";
  const auto call = [](const std::string& query) { return HttpGet(Url(query)).Xml(); };
  BOOST_REQUIRE(call(admin_auth + "&func=reseller.edit&sok=ok&name=" + r +
                     "&passwd=restart-pass-1&may_resell=on")
                    .child("doc")
                    .child("ok"));
  const std::string reseller_auth = "authinfo=" + UrlEncode(r + ":restart-pass-1");
  BOOST_REQUIRE(
      call(reseller_auth + "&func=reseller.edit&sok=ok&name=" + s + "&passwd=restart-pass-2")
          .child("doc")
          .child("ok"));
  BOOST_REQUIRE(call(admin_auth + "&func=wallet.deposit&elid=" + r +
                     "&amount=1000&reference=seed&idempotency_key=" + r + "-seed")
                    .child("doc")
                    .child("ok"));

  // Each client goes on until the restart is over and it has made at least kEach transfers, so
  // the restart always lands among requests, however fast this machine is today.
  constexpr int kClients = 4, kEach = 60;
  std::atomic<int> acknowledged{0}, retries{0}, wrong{0};
  std::atomic<bool> restarted{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kEach || !restarted; ++i) {
        const std::string query = reseller_auth + "&func=wallet.transfer&sok=ok&elid=" + s +
                                  "&amount=1.00&idempotency_key=" + r + "-" + std::to_string(c) +
                                  "-" + std::to_string(i);
        for (int attempt = 0;; ++attempt) {
          HttpResponse reply = HttpGet(Url(query));
          pugi::xml_document doc = reply.Xml();
          if (doc.child("doc").child("ok")) {
            ++acknowledged;
            break;
          }
          const std::string type = ErrorOf(doc).attribute("type").value();
          if (!type.empty() && type != "internal" && type != "auth") {
            ++wrong;  // anything but "the database is away" would be a bug
            break;
          }
          ++retries;
          if (attempt > 300) {
            ++wrong;
            break;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  RunOrFail(TestEnv("STACK_SCRIPT") + " db-stop " + TestEnv("STACK_DIR"));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  RunOrFail(TestEnv("STACK_SCRIPT") + " db-start " + TestEnv("STACK_DIR"));
  restarted = true;
  for (std::thread& client : clients) client.join();

  BOOST_TEST(wrong.load() == 0);
  const int moved = acknowledged.load();
  BOOST_TEST(moved >= kClients * kEach);
  BOOST_TEST_REQUIRE(moved <= 1000);  // the seed
  BOOST_TEST(retries.load() > 0);     // the restart did hit some requests
  const auto wallets = call(admin_auth + "&func=wallet");
  pugi::xml_node sub_row, top_row;
  for (pugi::xml_node row : wallets.child("doc").children("elem")) {
    if (std::string(row.child_value("name")) == s) sub_row = row;
    if (std::string(row.child_value("name")) == r) top_row = row;
  }
  BOOST_TEST(sub_row.child_value("balance") == std::to_string(moved) + ".00");
  BOOST_TEST(top_row.child_value("balance") == std::to_string(1000 - moved) + ".00");
  RequireBalancedBooks();
}

// The connection is lost while the transfer waits in COMMIT: MariaDB's BACKUP STAGE
// BLOCK_COMMIT holds the commit, and the server is then killed (kill -9), so resellermgr gets
// 2013 from COMMIT with the outcome unknown to it. It does not retry blindly: the client gets a
// typed error, and its retry with the same key settles it once the server is back: the money
// moves once.
BOOST_AUTO_TEST_CASE(a_connection_lost_during_commit_is_settled_by_the_idempotency_key) {
  Books b;
  BOOST_REQUIRE(IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + b.r + "&amount=50&reference=p")));
  BOOST_REQUIRE(b.reseller.Call("transaction", "elid=" + b.s).child("doc"));  // its wallet exists
  const std::string query = "sok=ok&elid=" + b.s + "&amount=10&idempotency_key=" + Key();
  const auto sql = [](sql::Connection& db, const std::string& text) {
    std::unique_ptr<sql::Statement>(db.createStatement())->execute(text);
  };

  // 1. A probe holds the sub-reseller's wallet row, so the transfer (past its authentication)
  //    waits for it inside its transaction: that names the worker's connection exactly.
  auto probe = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  sql(*probe, "BEGIN");
  const auto query_one = [](sql::Connection& db, const std::string& text) -> long long {
    std::unique_ptr<sql::Statement> statement(db.createStatement());
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(text));
    return rows->next() ? rows->getInt64(1) : 0;
  };
  const long long wallet = query_one(
      *probe, "SELECT w.id FROM wallet w JOIN account a ON a.id = w.account_id WHERE a.name = '" +
                  b.s + "'");
  BOOST_TEST_REQUIRE(wallet != 0);
  query_one(*probe, "SELECT id FROM wallet WHERE id = " + std::to_string(wallet) + " FOR UPDATE");
  pugi::xml_document lost;
  std::thread client([&] { lost = b.reseller.Call("wallet.transfer", query); });
  auto watcher = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  const auto first = [&](const std::string& text) -> long long {
    std::unique_ptr<sql::Statement> statement(watcher->createStatement());
    for (int i = 0; i < 400; ++i) {
      std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(text));
      if (rows->next()) return rows->getInt64(1);
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return 0;
  };
  const long long worker = first(
      "SELECT id FROM information_schema.processlist WHERE command IN ('Query', 'Execute') "
      "AND user <> '" +
      TestEnv("DB_TEST_USER") + "' AND info LIKE '%wallet%'");
  // 2. Commits are held (MariaDB's BACKUP STAGE BLOCK_COMMIT), the probe lets go, and the
  //    transfer runs to its COMMIT and waits there. 3. The server dies under it.
  auto holder = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  long long committing = 0;
  if (worker != 0) {
    sql(*holder, "BACKUP STAGE START");
    sql(*holder, "BACKUP STAGE BLOCK_COMMIT");
    sql(*probe, "ROLLBACK");
    committing =
        first("SELECT id FROM information_schema.processlist WHERE id = " + std::to_string(worker) +
              " AND info = 'COMMIT' AND state = 'Waiting for backup lock'");
    if (committing != 0) RunOrFail(TestEnv("STACK_SCRIPT") + " db-crash " + TestEnv("STACK_DIR"));
  } else {
    std::unique_ptr<sql::Statement> statement(watcher->createStatement());
    std::unique_ptr<sql::ResultSet> rows(
        statement->executeQuery("SELECT id, COALESCE(LEFT(info, 90), ''), COALESCE(state, '') FROM "
                                "information_schema.processlist WHERE info IS NOT NULL"));
    while (rows->next())
      BOOST_TEST_MESSAGE(rows->getString(1)
                         << " " << rows->getString(2) << " | " << rows->getString(3));
    sql(*probe, "ROLLBACK");
  }
  client.join();
  BOOST_TEST_REQUIRE(worker != 0);
  BOOST_TEST_REQUIRE(committing != 0);
  std::ostringstream shown;
  lost.save(shown, "", pugi::format_raw);
  BOOST_TEST(ErrorType(lost) == "internal", shown.str());  // the outcome is unknown to the client
  RunOrFail(TestEnv("STACK_SCRIPT") + " db-start " + TestEnv("STACK_DIR"));

  // The client retries with its key until it is answered: the transfer lands once.
  pugi::xml_document settled;
  for (int attempt = 0; attempt < 100 && !IsOk(settled); ++attempt) {
    settled = b.reseller.Call("wallet.transfer", query);
    if (!IsOk(settled)) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  BOOST_TEST_REQUIRE(IsOk(settled));
  const auto replayed = b.reseller.Call("wallet.transfer", query);
  BOOST_TEST(replayed.child("doc").child_value("id") == settled.child("doc").child_value("id"));
  BOOST_TEST(Balance(As::Admin(), b.s) == "10.00");
  BOOST_TEST(Balance(As::Admin(), b.r) == "40.00");
  RequireBalancedBooks();
}

BOOST_AUTO_TEST_SUITE_END()
