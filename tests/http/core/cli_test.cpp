// resellerctl against the stack's database, as an administrator would run it.

#include <boost/test/unit_test.hpp>

#include "http/http_fixture.h"

using namespace resellermgr::testing;

namespace {

CommandResult Ctl(const std::string& args, const std::string& input = {}) {
  return RunCommand("printf '%s\\n' '" + input + "' | " + Resellerctl(args));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(migrate_again_changes_nothing) {
  CommandResult r = Ctl("migrate");
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.output == "schema is up to date\n");
}

BOOST_AUTO_TEST_CASE(call_runs_a_function_locally_as_the_admin) {
  CommandResult who = Ctl("call whoami");
  BOOST_TEST(who.exit_code == 0);
  BOOST_TEST(who.output.find("<user name=\"" + TestEnv("ADMIN_LOGIN") + "\" level=\"29\"") !=
             std::string::npos);
  CommandResult json = Ctl("call whoami out=json");
  BOOST_TEST(nlohmann::json::parse(json.output)["doc"]["user"]["$level"] == "29");
  CommandResult missing = Ctl("call no.such.func");
  BOOST_TEST(missing.exit_code == 1);
  BOOST_TEST(missing.output.find("type=\"missed\" object=\"func\"") != std::string::npos);
  BOOST_TEST(Ctl("call whoami --as nobody-here").exit_code == 1);
}

BOOST_AUTO_TEST_CASE(admin_create_and_passwd_store_only_a_hash_and_end_sessions) {
  CommandResult created = Ctl("admin create second-admin");
  BOOST_TEST(created.exit_code == 0);
  const auto at = created.output.find("password: ");
  BOOST_REQUIRE(at != std::string::npos);
  const std::string generated =
      created.output.substr(at + 10, created.output.find('\n', at) - at - 10);
  BOOST_TEST(generated.size() == 20u);
  const std::string session = LogIn(TestEnv("BASE_URL"), "second-admin", generated);
  BOOST_TEST(Ctl("admin create second-admin").exit_code == 1);  // exists

  BOOST_TEST(Ctl("admin passwd second-admin --password-stdin", "a-chosen-password").exit_code == 0);
  BOOST_TEST(
      ErrorOf(HttpGet(Url("auth=" + session + "&func=whoami")).Xml()).attribute("object").value() ==
      std::string("session"));
  BOOST_TEST(LogIn(TestEnv("BASE_URL"), "second-admin", "a-chosen-password").size() == 64u);
  BOOST_TEST(Ctl("admin passwd second-admin --password-stdin", "short").exit_code == 1);
  BOOST_TEST(Ctl("admin passwd nobody-here").exit_code == 1);
}

BOOST_AUTO_TEST_CASE(audit_verify_reports_an_intact_chain) {
  CommandResult r = Ctl("audit verify");
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.output.rfind("audit log intact: ", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
