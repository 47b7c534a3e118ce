#include "account/page_places.h"

#include <boost/test/unit_test.hpp>

using resellermgr::account::PagePlace;
using resellermgr::account::PagePlaces;

BOOST_AUTO_TEST_SUITE(page_places)

BOOST_AUTO_TEST_CASE(the_nearest_place_at_or_before_an_offset) {
  PagePlaces places;
  BOOST_TEST(!places.AtOrBefore("24/name ASC", 40));
  places.Remember("24/name ASC", {20, "b", 7, 1});
  places.Remember("24/name ASC", {60, "f", 3, 1});
  BOOST_TEST(!places.AtOrBefore("24/name ASC", 19));
  BOOST_TEST(places.AtOrBefore("24/name ASC", 20)->value == "b");
  BOOST_TEST(places.AtOrBefore("24/name ASC", 59)->offset == 20);
  BOOST_TEST(places.AtOrBefore("24/name ASC", 1000)->id == 3);
  BOOST_TEST(!places.AtOrBefore("24/name DESC", 1000));  // another order knows nothing
}

BOOST_AUTO_TEST_CASE(a_new_stamp_forgets_the_places_read_under_the_old_one) {
  PagePlaces places;
  places.Remember("16/users ASC", {20, "5", 7, 1});
  places.Remember("16/users ASC", {40, "9", 8, 2});
  BOOST_TEST(!places.AtOrBefore("16/users ASC", 39));
  BOOST_TEST(places.AtOrBefore("16/users ASC", 40)->stamp == 2u);
  places.Forget("16/users ASC");
  BOOST_TEST(!places.AtOrBefore("16/users ASC", 40));
}

BOOST_AUTO_TEST_CASE(an_order_keeps_a_bounded_number_of_places) {
  PagePlaces places;
  for (long long i = 1; i <= static_cast<long long>(PagePlaces::kMaxPlaces) + 5; ++i)
    places.Remember("24/name ASC", {i * 20, "n", i, 1});
  // The order started over when it was full: the oldest places are gone, the newest kept.
  BOOST_TEST(!places.AtOrBefore("24/name ASC", 20));
  const long long last = (static_cast<long long>(PagePlaces::kMaxPlaces) + 5) * 20;
  BOOST_TEST(places.AtOrBefore("24/name ASC", last)->offset == last);
}

BOOST_AUTO_TEST_SUITE_END()
