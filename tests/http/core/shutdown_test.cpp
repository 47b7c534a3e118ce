// SIGTERM stops accepting and lets the requests in flight finish: no client gets a cut-off reply.
// Uses the stack's second instance and starts it again afterwards.

#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

#include "http/http_fixture.h"

using namespace resellermgr::testing;

BOOST_AUTO_TEST_SUITE(shutdown)

BOOST_AUTO_TEST_CASE(sigterm_finishes_requests_in_flight_then_exits) {
  std::ifstream pid_file(TestEnv("STACK_DIR") + "/short.pid");
  pid_t pid = 0;
  pid_file >> pid;
  BOOST_REQUIRE(pid > 0);

  // Each authinfo request spends ~30 ms hashing (this instance remembers no passwords), so with
  // 4 workers 24 requests take well over
  // 100 ms: the signal arrives while some are being served and others still wait in the backlog.
  constexpr int kRequests = 24;
  using Clock = std::chrono::steady_clock;
  std::vector<HttpResponse> replies(kRequests);
  std::vector<Clock::time_point> finished(kRequests);
  std::vector<std::thread> clients;
  for (int i = 0; i < kRequests; ++i) {
    clients.emplace_back([i, &replies, &finished] {
      replies[i] = HttpGet(ShortUrl(AdminAuthinfo() + "&func=whoami"));
      finished[i] = Clock::now();
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const Clock::time_point signalled = Clock::now();
  BOOST_REQUIRE(kill(pid, SIGTERM) == 0);
  for (std::thread& client : clients) client.join();

  int completed_after_signal = 0;
  for (int i = 0; i < kRequests; ++i) {
    if (replies[i].status == 200) {
      // Whatever was accepted was answered in full.
      BOOST_TEST(replies[i].Xml().child("doc").child("user").attribute("name").value() ==
                 TestEnv("ADMIN_LOGIN"));
      if (finished[i] > signalled) ++completed_after_signal;
    } else {
      BOOST_TEST(replies[i].status == 502);  // never accepted: nginx reports the closed upstream
    }
  }
  // Requests that were being served when the signal came were finished, not dropped.
  BOOST_TEST(completed_after_signal >= 1);
  BOOST_TEST_MESSAGE("completed after SIGTERM: " << completed_after_signal);

  bool exited = false;
  for (int i = 0; i < 100 && !exited; ++i) {
    exited = kill(pid, 0) != 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  BOOST_TEST(exited);
  RunOrFail(TestEnv("STACK_SCRIPT") + " app-start " + TestEnv("STACK_DIR") + " short");
  BOOST_TEST(HttpGet(ShortUrl(AdminAuthinfo() + "&func=whoami")).Xml().child("doc").child("user"));
}

BOOST_AUTO_TEST_SUITE_END()
