#include "util/crypto.h"

#include <boost/test/unit_test.hpp>
#include <set>

using namespace resellermgr::util;

BOOST_AUTO_TEST_SUITE(crypto)

BOOST_AUTO_TEST_CASE(tokens_are_256_bit_hex_and_distinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = RandomToken();
    BOOST_TEST(token.size() == 64u);
    BOOST_TEST(token.find_first_not_of("0123456789abcdef") == std::string::npos);
    seen.insert(token);
  }
  BOOST_TEST(seen.size() == 100u);
}

BOOST_AUTO_TEST_CASE(sha256_matches_a_known_vector) {
  BOOST_TEST(HexEncode(Sha256("abc")) ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(new_hashes_are_yescrypt_salted_and_verify) {
  const std::string a = HashPassword("correct horse");
  const std::string b = HashPassword("correct horse");
  BOOST_TEST(a.rfind("$y$", 0) == 0u);
  BOOST_TEST(a != b);  // random salt
  BOOST_TEST(VerifyPassword("correct horse", a));
  BOOST_TEST(!VerifyPassword("correct horsf", a));
  BOOST_TEST(!VerifyPassword("", a));
}

BOOST_AUTO_TEST_CASE(imported_sha512_and_bcrypt_hashes_verify) {
  // `openssl passwd -6 -salt saltsalt password`
  const std::string sha512 =
      "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/"
      "jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/";
  BOOST_TEST(VerifyPassword("password", sha512));
  BOOST_TEST(!VerifyPassword("Password", sha512));
  // PHP's password_hash() documentation example.
  const std::string bcrypt = "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a";
  BOOST_TEST(VerifyPassword("rasmuslerdorf", bcrypt));
  BOOST_TEST(!VerifyPassword("rasmuslerdorg", bcrypt));
}

BOOST_AUTO_TEST_CASE(malformed_hashes_never_verify) {
  BOOST_TEST(!VerifyPassword("x", ""));
  BOOST_TEST(!VerifyPassword("x", "plaintext"));
  BOOST_TEST(!VerifyPassword("x", "$y$garbage"));
  BOOST_TEST(!VerifyPassword("", "*"));
}

BOOST_AUTO_TEST_CASE(constant_time_equality) {
  BOOST_TEST(ConstantTimeEquals("abc", "abc"));
  BOOST_TEST(!ConstantTimeEquals("abc", "abd"));
  BOOST_TEST(!ConstantTimeEquals("abc", "abcd"));
}

BOOST_AUTO_TEST_SUITE_END()
