// A MariaDB restart costs only the requests made while it is down: they get a typed error, and
// the same resellermgr process (and the same session) works again once the server is back.

#include <boost/test/unit_test.hpp>
#include <fstream>

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
