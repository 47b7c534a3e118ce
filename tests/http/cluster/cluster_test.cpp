// Several hosts (issue 22), through tests/cluster.sh: two resellermgr hosts behind one nginx
// upstream over a three-node Galera cluster. What one host writes counts at once on the other;
// a database node or a host killed under load costs nothing acknowledged. Runs only against the
// cluster's env (CTest label cluster), never the single-node stack.

#include <cppconn/driver.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/api.h"
#include "http/http_fixture.h"

using namespace resellermgr::testing;

namespace {

// GET /ispmgr?QUERY on host N (1, 2) alone, not through the shared upstream.
HttpResponse OnHost(int host, const std::string& query) {
  return HttpGet(TestEnv("HOST" + std::to_string(host) + "_URL") + "/ispmgr?" + query);
}

void Cluster(const std::string& verb, int which) {
  RunOrFail(TestEnv("CLUSTER_SCRIPT") + " " + verb + " " + TestEnv("STACK_DIR") + " " +
            std::to_string(which) + " >/dev/null");
}

// A number the SQL prints on node N (as MariaDB's root, over the node's own socket).
long long OnNode(int node, const std::string& sql) {
  const CommandResult result =
      RunCommand(TestEnv("CLUSTER_SCRIPT") + " node-sql " + TestEnv("STACK_DIR") + " " +
                 std::to_string(node) + " \"" + sql + "\"");
  BOOST_REQUIRE_MESSAGE(result.exit_code == 0, result.output);
  return std::stoll(result.output);
}

// What a client that keeps its idempotency key does with a change: sends it until it is
// answered with ok or a definitive refusal. Retried answers are the typed "unavailable" replies
// (nginx: the host is gone) and "internal database" (the node went away mid-change); anything
// else (a 5xx without a typed body, a crash) fails the test.
struct Outcome {
  bool ok = false;
  int retries = 0;
  std::string refusal;
};
Outcome Settle(const std::string& query) {
  Outcome outcome;
  for (int attempt = 0; attempt < 60; ++attempt) {
    const HttpResponse reply = HttpGet(Url(query));
    const pugi::xml_document doc = reply.Xml();  // a body that is not XML fails the test here
    if (IsOk(doc)) {
      outcome.ok = true;
      return outcome;
    }
    const std::string type = ErrorType(doc), object = ErrorObjectOf(doc);
    const bool transient = (type == "internal" && (object == "unavailable" || object == "server" ||
                                                   object == "database"));
    if (!transient) {
      outcome.refusal = type + "/" + object;
      return outcome;
    }
    ++outcome.retries;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  outcome.refusal = "still failing after 60 attempts";
  return outcome;
}

// Every node has the same count of what `where` selects from `table` (after it has caught up).
void SameOnEveryNode(const std::string& table, const std::string& where, long long expected) {
  for (int node = 1; node <= 3; ++node) {
    long long count = -1;
    for (int i = 0; i < 100; ++i) {
      count = OnNode(node, "USE resellermgr; SELECT COUNT(*) FROM " + table + " WHERE " + where);
      if (count == expected) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    BOOST_TEST(count == expected,
               table << " on node " << node << ": " << count << ", expected " << expected);
  }
}

// Until the clients have made `count` accounts (the failure is injected under load, never before
// it started or after it ended).
void WaitUntilCreated(std::mutex& mutex, const std::vector<std::string>& created,
                      std::size_t count) {
  for (int i = 0; i < 3000; ++i) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (created.size() >= count) return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster)

BOOST_AUTO_TEST_CASE(what_one_host_writes_counts_at_once_on_the_other) {
  const std::string r = Unique("cr");
  MakeReseller(r);
  // A session opened on host 1 works at once on host 2.
  const pugi::xml_document opened =
      OnHost(1, "func=auth&username=" + r + "&password=" + kPassword).Xml();
  const std::string sid = opened.child("doc").child("auth").attribute("id").value();
  BOOST_REQUIRE(!sid.empty());
  const pugi::xml_document whoami = OnHost(2, "func=whoami&auth=" + sid).Xml();
  BOOST_TEST(whoami.child("doc").child_value("user") == r);

  // A password changed on host 2 is refused at once on host 1 (the old one worked there a
  // moment before, so host 1's workers remember it).
  BOOST_TEST(!ErrorOf(OnHost(1, As::Login(r, kPassword).credentials + "&func=whoami").Xml()));
  BOOST_TEST(IsOk(
      OnHost(2, AdminAuthinfo() + "&func=reseller.edit&sok=ok&elid=" + r + "&passwd=cluster-pass-2")
          .Xml()));
  BOOST_TEST(ErrorType(OnHost(1, As::Login(r, kPassword).credentials + "&func=whoami").Xml()) ==
             "auth");
  BOOST_TEST(
      !ErrorOf(OnHost(1, As::Login(r, "cluster-pass-2").credentials + "&func=whoami").Xml()));

  // A token revoked on host 1 is refused at once on host 2.
  const As owner = As::Login(r, "cluster-pass-2");
  const pugi::xml_document made =
      OnHost(1, owner.credentials + "&func=token.edit&sok=ok&name=feed").Xml();
  const std::string token = made.child("doc").child_value("token");
  BOOST_REQUIRE(!token.empty());
  const auto bearer = [&token](int host) {
    return HttpGet(TestEnv("HOST" + std::to_string(host) + "_URL") + "/ispmgr?func=whoami",
                   {.headers = {"Authorization: Bearer " + token}})
        .Xml();
  };
  BOOST_TEST(!ErrorOf(bearer(2)));
  BOOST_TEST(IsOk(OnHost(1, owner.credentials + "&func=token.delete&elid=feed").Xml()));
  BOOST_TEST(ErrorType(bearer(2)) == "auth");
}

// The same while host 2's node lags: it holds a global read lock (as a backup takes), so it
// applies nothing the others commit until the lock goes. A request on host 2 waits for its node
// to catch up (db_sync_wait) instead of reading the row as it was: without the wait, host 2
// would take the old password.
BOOST_AUTO_TEST_CASE(a_host_whose_node_lags_waits_for_it_rather_than_read_old_rows) {
  const std::string r = Unique("cl");
  MakeReseller(r);
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString("unix://" + TestEnv("NODE2_SOCKET"));
  options["userName"] = TestEnv("DB_TEST_USER");
  options["password"] = TestEnv("DB_TEST_PASSWORD");
  std::unique_ptr<sql::Connection> node2(sql::mysql::get_driver_instance()->connect(options));
  std::unique_ptr<sql::Statement> lock(node2->createStatement());
  lock->execute("FLUSH TABLES WITH READ LOCK");
  BOOST_TEST(IsOk(
      OnHost(1, AdminAuthinfo() + "&func=reseller.edit&sok=ok&elid=" + r + "&passwd=lagging-pass-2")
          .Xml()));
  std::thread release([&lock] {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    lock->execute("UNLOCK TABLES");
  });
  const pugi::xml_document old_password =
      OnHost(2, As::Login(r, kPassword).credentials + "&func=whoami").Xml();
  release.join();
  BOOST_TEST(ErrorType(old_password) == "auth");
  BOOST_TEST(
      !ErrorOf(OnHost(2, As::Login(r, "lagging-pass-2").credentials + "&func=whoami").Xml()));
}

BOOST_AUTO_TEST_CASE(a_node_killed_under_load_loses_nothing_acknowledged) {
  // Four clients create sub-resellers, pay each of them and change their passwords, each change
  // with its idempotency key, retrying what failed; node 1 (host 1's own) dies half way.
  const std::string prefix = Unique("ck");
  constexpr int kClients = 4, kRounds = 20;
  BOOST_REQUIRE(IsOk(As::Admin().Call(
      "reseller.edit", "sok=ok&name=" + prefix + "bank&passwd=" + kPassword + "&may_resell=on")));
  BOOST_REQUIRE(IsOk(As::Admin().Call(
      "wallet.deposit",
      "elid=" + prefix + "bank&amount=1000&reference=seed&idempotency_key=" + prefix + "seed")));
  // The bank: a reseller that makes the others below it and pays each of them.
  const As bank = As::Login(prefix + "bank", kPassword);
  std::mutex mutex;
  std::vector<std::string> created, refusals;
  int transfers = 0, retries = 0;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int round = 0; round < kRounds; ++round) {
        const std::string name = prefix + "c" + std::to_string(c) + "r" + std::to_string(round);
        const std::string key = name + "-";
        std::vector<std::pair<std::string, std::string>> steps = {
            {"create", bank.credentials + "&func=reseller.edit&sok=ok&name=" + name +
                           "&passwd=" + kPassword + "&idempotency_key=" + key + "create"},
            {"transfer", bank.credentials + "&func=wallet.transfer&sok=ok&elid=" + name +
                             "&amount=1&idempotency_key=" + key + "transfer"},
            {"password", bank.credentials + "&func=reseller.edit&sok=ok&elid=" + name +
                             "&passwd=changed-pass-" + std::to_string(round) +
                             "&idempotency_key=" + key + "password"}};
        for (const auto& [what, query] : steps) {
          const Outcome outcome = Settle(query);
          std::lock_guard<std::mutex> lock(mutex);
          retries += outcome.retries;
          if (!outcome.ok) {
            refusals.push_back(name + " " + what + ": " + outcome.refusal);
            break;
          }
          if (what == "create") created.push_back(name);
          if (what == "transfer") ++transfers;
        }
      }
    });
  }
  WaitUntilCreated(mutex, created, 8);  // under load, whatever the machine's speed
  Cluster("node-kill", 1);
  const std::size_t before_kill = [&] {
    std::lock_guard<std::mutex> lock(mutex);
    return created.size();
  }();
  for (std::thread& client : clients) client.join();
  // The load went on while the node was away, and host 1 moved to another node.
  BOOST_TEST(created.size() > before_kill);
  BOOST_TEST(RunCommand("grep -c 'database: connected to' " + TestEnv("STACK_DIR") + "/host1.log")
                 .output != "0\n");
  BOOST_TEST(refusals.empty(),
             refusals.size() << " refused, first: " << (refusals.empty() ? "" : refusals.front()));
  BOOST_TEST(created.size() == static_cast<std::size_t>(kClients * kRounds));
  BOOST_TEST_MESSAGE("retried " << retries << " answers while node 1 was away");

  Cluster("node-start", 1);
  // Every acknowledged change, exactly once, on every node (node 1 caught up by IST).
  SameOnEveryNode("account", "level = 24 AND name LIKE '" + prefix + "c%'", kClients * kRounds);
  SameOnEveryNode("wallet w JOIN account a ON a.id = w.account_id",
                  "a.name LIKE '" + prefix + "c%' AND w.balance = 100", transfers);
  for (const char* job : {"ledger verify", "audit verify"}) {
    const CommandResult verified = RunCommand(Resellerctl(job));
    BOOST_TEST(verified.exit_code == 0, job << ": " << verified.output);
  }
}

BOOST_AUTO_TEST_CASE(a_host_killed_under_load_loses_nothing_acknowledged) {
  const std::string prefix = Unique("ch");
  constexpr int kClients = 4, kRounds = 40;
  std::mutex mutex;
  std::vector<std::string> created, refusals;
  int retries = 0, reads = 0, failed_reads = 0;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int round = 0; round < kRounds; ++round) {
        const std::string name = prefix + "c" + std::to_string(c) + "r" + std::to_string(round);
        const Outcome outcome = Settle(AdminAuthinfo() + "&func=reseller.edit&sok=ok&name=" + name +
                                       "&passwd=" + kPassword + "&idempotency_key=" + name);
        // A read goes on to the other host by itself: it never needs a retry.
        const pugi::xml_document list = HttpGet(Url(AdminAuthinfo() + "&func=reseller")).Xml();
        std::lock_guard<std::mutex> lock(mutex);
        retries += outcome.retries;
        ++reads;
        if (ErrorOf(list)) ++failed_reads;
        if (outcome.ok)
          created.push_back(name);
        else
          refusals.push_back(name + ": " + outcome.refusal);
      }
    });
  }
  WaitUntilCreated(mutex, created, 8);
  Cluster("host-kill", 1);
  const std::size_t before_kill = [&] {
    std::lock_guard<std::mutex> lock(mutex);
    return created.size();
  }();
  for (std::thread& client : clients) client.join();
  BOOST_TEST(created.size() > before_kill);  // the load went on while the host was away
  Cluster("host-start", 1);
  BOOST_TEST(refusals.empty(),
             refusals.size() << " refused, first: " << (refusals.empty() ? "" : refusals.front()));
  BOOST_TEST(failed_reads == 0, failed_reads << " of " << reads << " reads failed");
  BOOST_TEST_MESSAGE("retried " << retries << " changes while host 1 was away");
  SameOnEveryNode("account", "level = 24 AND name LIKE '" + prefix + "c%'", kClients * kRounds);
}

BOOST_AUTO_TEST_SUITE_END()
