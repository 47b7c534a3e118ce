#include "identity/credential_cache.h"

#include <boost/test/unit_test.hpp>

using resellermgr::identity::CredentialCache;

BOOST_AUTO_TEST_SUITE(credential_cache)

BOOST_AUTO_TEST_CASE(only_the_remembered_login_hash_and_password_match) {
  CredentialCache cache;
  cache.Remember(7, "$y$hash-one", "secret");
  BOOST_TEST(cache.Contains(7, "$y$hash-one", "secret"));
  BOOST_TEST(!cache.Contains(7, "$y$hash-one", "secret "));
  BOOST_TEST(!cache.Contains(7, "$y$hash-two", "secret"));  // the password changed since
  BOOST_TEST(!cache.Contains(8, "$y$hash-one", "secret"));
  // The parts cannot slide into each other.
  cache.Remember(1, "ab", "c");
  BOOST_TEST(!cache.Contains(1, "a", "bc"));
}

BOOST_AUTO_TEST_CASE(it_keeps_the_most_recently_used_within_its_capacity) {
  CredentialCache cache(2);
  cache.Remember(1, "h", "a");
  cache.Remember(2, "h", "b");
  BOOST_TEST(cache.Contains(1, "h", "a"));  // 1 is now the most recent
  cache.Remember(3, "h", "c");              // 2 goes
  BOOST_TEST(cache.size() == 2u);
  BOOST_TEST(!cache.Contains(2, "h", "b"));
  BOOST_TEST(cache.Contains(1, "h", "a"));
  BOOST_TEST(cache.Contains(3, "h", "c"));
  cache.Remember(3, "h", "c");  // again: no second entry
  BOOST_TEST(cache.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_cache_of_no_entries_remembers_nothing) {
  CredentialCache off(0);
  off.Remember(1, "h", "p");
  BOOST_TEST(!off.Contains(1, "h", "p"));
  BOOST_TEST(off.size() == 0u);
}

BOOST_AUTO_TEST_CASE(two_caches_never_share_their_entries) {
  CredentialCache one;
  CredentialCache two;
  one.Remember(1, "h", "p");
  BOOST_TEST(!two.Contains(1, "h", "p"));
}

BOOST_AUTO_TEST_SUITE_END()
