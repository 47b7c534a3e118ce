// Predictive quota alerts: the trend of a usage history and the days until a limit.

#include "account/usage_forecast.h"

#include <boost/test/unit_test.hpp>

using namespace resellermgr::account;

BOOST_AUTO_TEST_SUITE(usage_forecast)

BOOST_AUTO_TEST_CASE(the_rate_is_the_least_squares_slope_of_the_days) {
  BOOST_TEST(!DailyRate({}));
  BOOST_TEST(!DailyRate({{-1, 10}, {0, 20}}));          // two points: no trend yet
  BOOST_TEST(!DailyRate({{0, 10}, {0, 20}, {0, 30}}));  // one day
  BOOST_TEST(*DailyRate({{-2, 100}, {-1, 150}, {0, 200}}) == 50.0);
  // Gaps and noise: the fitted slope, not the last step.
  const double rate = *DailyRate({{-10, 0}, {-7, 310}, {-3, 690}, {-1, 905}, {0, 1000}});
  BOOST_TEST(rate > 99.0);
  BOOST_TEST(rate < 102.0);
  BOOST_TEST(*DailyRate({{-2, 300}, {-1, 200}, {0, 100}}) == -100.0);
}

BOOST_AUTO_TEST_CASE(days_to_a_limit_are_whole_and_only_for_a_growing_use) {
  BOOST_TEST(*DaysToLimit(800, 1000, 50.0) == 4);
  BOOST_TEST(*DaysToLimit(801, 1000, 50.0) == 3);           // 3.98 days: under four
  BOOST_TEST(*DaysToLimit(1000, 1000, 50.0) == 0);          // reached
  BOOST_TEST(*DaysToLimit(1200, 1000, std::nullopt) == 0);  // over, whatever the trend
  BOOST_TEST(!DaysToLimit(800, 1000, 0.0));
  BOOST_TEST(!DaysToLimit(800, 1000, -5.0));
  BOOST_TEST(!DaysToLimit(800, 1000, std::nullopt));
  BOOST_TEST(!DaysToLimit(0, 1e12, 1e-3));  // no foreseeable end
}

BOOST_AUTO_TEST_SUITE_END()
