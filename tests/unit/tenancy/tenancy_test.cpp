#include "tenancy/tenancy.h"

#include <boost/test/unit_test.hpp>

using namespace resellermgr;

BOOST_AUTO_TEST_SUITE(tenancy_tree)

BOOST_AUTO_TEST_CASE(tree_paths_give_depth_ids_and_subtree_patterns) {
  BOOST_TEST(tenancy::Depth("/1/") == 0);
  BOOST_TEST(tenancy::Depth("/1/5/") == 1);
  BOOST_TEST(tenancy::Depth("/1/5/9/") == 2);
  BOOST_TEST(tenancy::Depth("") == 0);
  BOOST_TEST((tenancy::PathIds("/1/5/9/") == std::vector<long long>{1, 5, 9}));
  BOOST_TEST(tenancy::PathIds("").empty());
  BOOST_TEST(tenancy::SubtreePattern("/1/5/") == "/1/5/_%");  // strictly below: not itself
  BOOST_TEST(tenancy::SubtreePatternOrNone("") == "-");       // matches no path
  BOOST_CHECK_THROW(tenancy::SubtreePattern("5"), std::logic_error);
}

BOOST_AUTO_TEST_SUITE_END()
