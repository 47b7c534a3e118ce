// The money floor (money/amount.h): amounts read from the wire and written back.

#include "money/amount.h"

#include <boost/test/unit_test.hpp>
#include <limits>

using namespace resellermgr::money;

BOOST_AUTO_TEST_SUITE(amounts)

BOOST_AUTO_TEST_CASE(decimal_strings_become_minor_units) {
  BOOST_TEST(*ParseAmount("12.34") == 1234);
  BOOST_TEST(*ParseAmount("12.5") == 1250);
  BOOST_TEST(*ParseAmount("7") == 700);
  BOOST_TEST(*ParseAmount("0") == 0);
  BOOST_TEST(*ParseAmount("0.01") == 1);
  BOOST_TEST(*ParseAmount("9999999999.99") == kMaxAmount);
}

BOOST_AUTO_TEST_CASE(anything_else_is_refused) {
  for (const char* text : {"", "-1", "+1", "1.", ".5", "1.234", "01", "00.10", "1,50", "1e3", " 1",
                           "1 ", "10000000000", "99999999999.99", "１"})
    BOOST_TEST(!ParseAmount(text).has_value(), text);
}

BOOST_AUTO_TEST_CASE(minor_units_print_with_two_decimals_and_a_sign) {
  BOOST_TEST(FormatAmount(1234) == "12.34");
  BOOST_TEST(FormatAmount(5) == "0.05");
  BOOST_TEST(FormatAmount(-5) == "-0.05");
  BOOST_TEST(FormatAmount(-1250) == "-12.50");
  BOOST_TEST(FormatAmount(0) == "0.00");
  BOOST_TEST(FormatAmount(std::numeric_limits<std::int64_t>::min()) == "-92233720368547758.08");
}

BOOST_AUTO_TEST_CASE(print_then_read_gives_the_same_amount) {
  for (std::int64_t minor :
       std::initializer_list<std::int64_t>{0, 1, 10, 99, 100, 101, 123456789, kMaxAmount})
    BOOST_TEST(*ParseAmount(FormatAmount(minor)) == minor, minor);
}

BOOST_AUTO_TEST_SUITE_END()
