#include "util/password_quality.h"

#include <boost/test/unit_test.hpp>
#include <set>

#include "base/config.h"

using namespace resellermgr;

BOOST_AUTO_TEST_SUITE(password_quality)

BOOST_AUTO_TEST_CASE(weak_passwords_say_what_is_weak) {
  const auto problem = [](const char* password, const char* user = "") {
    return util::RatePassword(password, user).problem;
  };
  BOOST_TEST(problem("short1") == "it is shorter than 8 characters");
  BOOST_TEST(problem("password1").find("dictionary word") != std::string::npos);
  BOOST_TEST(problem("12345678").find("simplistic") != std::string::npos);
  BOOST_TEST(problem("reseller42x", "reseller42").find("user name") != std::string::npos);
  BOOST_TEST(problem("aaaaaaaa").find("palindrome") != std::string::npos);
  const util::PasswordQuality strong = util::RatePassword("Lime-tree-71", "reseller42");
  BOOST_TEST(strong.acceptable());
  BOOST_TEST(strong.score > 0);
  BOOST_TEST(strong.score <= 100);
}

BOOST_AUTO_TEST_CASE(generated_passwords_are_strong_and_new_each_time) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const std::string password = util::GeneratePassword();
    BOOST_TEST(password.size() >= 12u);
    BOOST_TEST(util::RatePassword(password, "").acceptable(), password);
    seen.insert(password);
  }
  BOOST_TEST(seen.size() == 20u);
}

BOOST_AUTO_TEST_CASE(with_the_length_rule_only_the_length_counts) {
  util::UsePasswordChecks(false);
  BOOST_TEST(util::RatePassword("password1", "").acceptable());
  BOOST_TEST(!util::RatePassword("short1", "").acceptable());
  util::UsePasswordChecks(true);
  BOOST_TEST(!util::RatePassword("password1", "").acceptable());

  base::Config config;
  BOOST_TEST(config.password_strength == "dictionary");
  config.Apply("password_strength = length", "t");
  BOOST_TEST(config.password_strength == "length");
  base::Config bad;
  BOOST_CHECK_THROW(bad.Apply("password_strength = weak", "t"), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
