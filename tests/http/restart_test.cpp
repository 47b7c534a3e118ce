// A MariaDB restart costs only the requests made while it is down: they get a typed error, and
// the same resellermgr process (and the same session) works again once the server is back.

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <thread>
#include <vector>

#include "http/http_fixture.h"

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
    pugi::xml_node error = ErrorOf(down.Xml());
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

  constexpr int kClients = 4, kEach = 60;
  std::atomic<int> acknowledged{0}, retries{0}, wrong{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kEach; ++i) {
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
  for (std::thread& client : clients) client.join();

  BOOST_TEST(wrong.load() == 0);
  BOOST_TEST(acknowledged.load() == kClients * kEach);
  BOOST_TEST(retries.load() > 0);  // the restart did hit some requests
  const auto wallets = call(admin_auth + "&func=wallet");
  pugi::xml_node sub_row, top_row;
  for (pugi::xml_node row : wallets.child("doc").children("elem")) {
    if (std::string(row.child_value("name")) == s) sub_row = row;
    if (std::string(row.child_value("name")) == r) top_row = row;
  }
  BOOST_TEST(sub_row.child_value("balance") == std::to_string(kClients * kEach) + ".00");
  BOOST_TEST(top_row.child_value("balance") == std::to_string(1000 - kClients * kEach) + ".00");
  const std::string verify = TestEnv("RESELLERCTL") + " -c " + TestEnv("CONFIG") + " -c " +
                             TestEnv("ADMIN_CONFIG") + " ledger verify >/dev/null 2>&1";
  BOOST_TEST(std::system(verify.c_str()) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
