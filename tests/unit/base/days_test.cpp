#include "base/days.h"

#include <boost/test/unit_test.hpp>

using namespace resellermgr;

BOOST_AUTO_TEST_SUITE(days)

BOOST_AUTO_TEST_CASE(a_day_is_a_real_calendar_day) {
  BOOST_TEST(base::IsDay("2026-12-06"));
  BOOST_TEST(base::IsDay("2028-02-29"));  // a leap year
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "tomorrow", "",
                          "2026-12-06 ", "2026-12-32"})
    BOOST_TEST(!base::IsDay(bad), bad);
  BOOST_TEST(base::IsDay(base::UtcDay()));
  BOOST_TEST(base::UtcDay(1) > base::UtcDay());
}

BOOST_AUTO_TEST_CASE(a_day_knows_its_place_in_its_month) {
  BOOST_TEST(base::DayOfMonth("2026-12-06") == 6);
  BOOST_TEST(base::DaysInMonth("2026-12-06") == 31);
  BOOST_TEST(base::DaysInMonth("2026-02-10") == 28);
  BOOST_TEST(base::DaysInMonth("2028-02-10") == 29);
  BOOST_TEST(base::DaysInMonth("2026-04-30") == 30);
}

BOOST_AUTO_TEST_SUITE_END()
