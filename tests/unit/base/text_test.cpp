#include "base/text.h"

#include <boost/test/unit_test.hpp>

using namespace resellermgr::base;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(a_prefix_never_splits_a_character) {
  const std::string e_acute = "\xC3\xA9";            // 2 bytes
  const std::string text = "a" + e_acute + e_acute;  // 5 bytes
  BOOST_TEST(Utf8Prefix(text, 5) == text);
  BOOST_TEST(Utf8Prefix(text, 4) == "a" + e_acute);
  BOOST_TEST(Utf8Prefix(text, 2) == "a");
  BOOST_TEST(Utf8Prefix("\xF0\x9F\x98\x80x", 3).empty());  // an emoji is 4 bytes
  for (std::size_t n = 0; n <= text.size(); ++n) BOOST_TEST(IsValidUtf8(Utf8Prefix(text, n)));
}

BOOST_AUTO_TEST_CASE(xml_text_replaces_each_bad_part_with_u_fffd) {
  const std::string fffd = "\xEF\xBF\xBD";
  BOOST_TEST(IsXmlText("plain, \xC3\xA9t\xC3\xA9\t\r\n \xF0\x9F\x98\x80"));
  BOOST_TEST(ToXmlText("ok \xC3\xA9") == "ok \xC3\xA9");
  BOOST_TEST(!IsXmlText("a\xC3"));
  BOOST_TEST(ToXmlText("a\xC3") == "a" + fffd);  // a cut character
  BOOST_TEST(ToXmlText("a\xC3"
                       "b") == "a" + fffd + "b");  // a lone lead byte
  BOOST_TEST(ToXmlText("a\x01"
                       "b") == "a" + fffd + "b");               // a control
  BOOST_TEST(ToXmlText("\xEF\xBF\xBFz") == fffd + "z");         // U+FFFF
  BOOST_TEST(ToXmlText("\xED\xA0\x80") == fffd + fffd + fffd);  // a surrogate: 3 bad bytes
  BOOST_TEST(IsXmlText(ToXmlText(std::string("\xFF\xFE\x00\x01\xC0\xAF", 6))));
}

BOOST_AUTO_TEST_CASE(lengths_count_characters_and_lists_split_on_their_separator) {
  BOOST_TEST(Utf8Length("abc") == 3u);
  BOOST_TEST(Utf8Length("\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80") == 5u);
  BOOST_TEST(SplitList("").empty());
  // Empty parts name nothing, wherever they stand (a fuzz run found "a,," kept one, "a," not).
  BOOST_TEST((SplitList(",a,,b,,") == std::vector<std::string_view>{"a", "b"}));
  BOOST_TEST(SplitList(",,").empty());
  BOOST_TEST(SplitList("users").size() == 1u);
  const auto parts = SplitList("12,34,5");
  BOOST_TEST(parts.size() == 3u);
  BOOST_TEST(parts[0] == "12");
  BOOST_TEST(parts[2] == "5");
  BOOST_TEST(SplitList("limit_quota=1024", '=').back() == "1024");
}

BOOST_AUTO_TEST_CASE(only_plain_names_can_be_echoed_as_elements) {
  for (const char* name : {"func", "p_num", "limit_php_mode_mod", "_", "x.y-z", "elid"})
    BOOST_TEST(IsPlainXmlName(name), name);
  for (const char* name : {"", "1x", "-x", "a b", "a:b", "a<b", "a[]", "\xC3\xA9t\xC3\xA9"})
    BOOST_TEST(!IsPlainXmlName(name), name);
}

BOOST_AUTO_TEST_CASE(group_names_split_exactly_and_placeholders_are_replaced) {
  using Names = std::vector<std::string>;
  BOOST_TEST(SplitNames("a, b,c") == (Names{"a", "b", "c"}));
  BOOST_TEST(SplitNames(" a,  b,") == (Names{" a", " b", ""}));  // empty parts stay
  BOOST_TEST(ReplaceAll("__v__ and __v__", "__v__", "x") == "x and x");
  BOOST_TEST(ReplaceAll("__v__", "__v__", "__v__") == "__v__");  // no loop on its own marker
}

BOOST_AUTO_TEST_CASE(percent_encoding_keeps_only_the_unreserved_characters) {
  BOOST_TEST(PercentEncode("user.edit") == "user.edit");
  BOOST_TEST(PercentEncode("Az09-._~") == "Az09-._~");
  BOOST_TEST(PercentEncode("a b&c=d/e?f%") == "a%20b%26c%3Dd%2Fe%3Ff%25");
  BOOST_TEST(PercentEncode("r1, r2") == "r1%2C%20r2");
  BOOST_TEST(PercentEncode("\xD0\x98") == "%D0%98");  // UTF-8 bytes one by one
  BOOST_TEST(PercentEncode("").empty());
}

BOOST_AUTO_TEST_SUITE_END()

#include "tenancy/limits.h"

BOOST_AUTO_TEST_SUITE(sizes)

BOOST_AUTO_TEST_CASE(sizes_are_read_in_binary_units_into_mib) {
  using resellermgr::tenancy::ParseMib;
  BOOST_TEST(*ParseMib("512") == 512u);
  BOOST_TEST(*ParseMib("512M") == 512u);
  BOOST_TEST(*ParseMib("512 MiB") == 512u);
  BOOST_TEST(*ParseMib("10 GB") == 10240u);
  BOOST_TEST(*ParseMib("10g") == 10240u);
  BOOST_TEST(*ParseMib("1.5 GiB") == 1536u);
  BOOST_TEST(*ParseMib("1,5 GiB") == 1536u);
  BOOST_TEST(*ParseMib("2 TiB") == 2097152u);
  BOOST_TEST(*ParseMib("0.001 G") == 1u);  // rounded to a whole MiB
  for (const char* bad : {"", "ten", "10 KB", "-1", "1.2345 G", "10 GiBs", "1e3", " 10", "10 PB"})
    BOOST_TEST(!ParseMib(bad).has_value(), bad);
}

BOOST_AUTO_TEST_SUITE_END()
