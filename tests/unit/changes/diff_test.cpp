#include <boost/test/unit_test.hpp>

#include "changes/changes.h"

using namespace resellermgr;

BOOST_AUTO_TEST_SUITE(change_diff)

BOOST_AUTO_TEST_CASE(a_change_lists_what_differs_in_order_then_what_is_new) {
  const auto diff = changes::Diff({{"fullname", "Ann"}, {"email", "a@x"}, {"phone", "1"}},
                                  {{"fullname", "Ann"}, {"email", "b@x"}, {"comment", "hi"}});
  BOOST_TEST_REQUIRE(diff.size() == 3u);
  BOOST_TEST(diff[0].name == "email");
  BOOST_TEST(diff[0].old_value == "a@x");
  BOOST_TEST(diff[0].new_value == "b@x");
  BOOST_TEST(diff[1].name == "phone");  // gone: old value, no new one
  BOOST_TEST(diff[1].new_value == "");
  BOOST_TEST(diff[2].name == "comment");  // only after
  BOOST_TEST(diff[2].old_value == "");
  BOOST_TEST(changes::Diff({{"a", ""}}, {}).empty());  // an empty field that goes is no change
  BOOST_TEST(changes::Diff({}, {{"a", ""}}).empty());  // nor one that comes empty
}

BOOST_AUTO_TEST_SUITE_END()
