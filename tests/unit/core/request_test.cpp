#include "core/request.h"

#include <boost/test/unit_test.hpp>

#include "base/errors.h"

using namespace resellermgr::core;
using namespace resellermgr::base;

namespace {

Request Parsed(const std::string& query, RawRequest raw = {}) {
  raw.query = query;
  return Request::Parse(raw, ParamLimits{});
}

bool RefusesValue(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const PluginError& e) {
    return e.kind() == ErrorKind::kInvalidValue;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request)

BOOST_AUTO_TEST_CASE(a_browser_request_from_another_site_is_told_apart) {
  const auto cross = [](std::string fetch_site, std::string origin, std::string host) {
    RawRequest raw;
    raw.fetch_site = std::move(fetch_site);
    raw.origin = std::move(origin);
    raw.host = std::move(host);
    return Parsed("func=auth", raw).CrossSite();
  };
  BOOST_TEST(!cross("", "", "panel.example"));  // an API client
  BOOST_TEST(!cross("same-origin", "", "panel.example"));
  BOOST_TEST(!cross("none", "", "panel.example"));  // typed into the address bar
  BOOST_TEST(cross("cross-site", "", "panel.example"));
  BOOST_TEST(cross("same-site", "", "panel.example"));
  BOOST_TEST(!cross("", "https://Panel.example:1500", "panel.example"));  // nginx drops the port
  BOOST_TEST(!cross("", "http://[::1]:1500", "[::1]"));
  BOOST_TEST(cross("", "https://evil.example", "panel.example"));
  BOOST_TEST(cross("", "https://panel.example.evil.example", "panel.example"));
  BOOST_TEST(cross("", "null", "panel.example"));
}

BOOST_AUTO_TEST_CASE(numbers_have_one_spelling) {
  BOOST_TEST(Parsed("elid=17").GetInt("elid", 0, 0, 100) == 17);
  BOOST_TEST(Parsed("elid=0").GetInt("elid", 5, 0, 100) == 0);
  BOOST_TEST(Parsed("elid=-3").GetInt("elid", 0, -10, 100) == -3);
  for (const char* query : {"elid=017", "elid=00", "elid=-0", "elid=-01", "elid=+1", "elid=1x"})
    BOOST_TEST(RefusesValue([&] { Parsed(query).GetInt("elid", 0, -100, 100); }), query);
}

BOOST_AUTO_TEST_CASE(group_names_are_exact_but_for_the_separators_space) {
  using Names = std::vector<std::string>;
  BOOST_TEST(Parsed("elid=a%2C%20b%2Cc").RequireNameList("elid") == (Names{"a", "b", "c"}));
  BOOST_TEST(Parsed("elid=a%20").RequireNameList("elid") == (Names{"a "}));
  BOOST_TEST(Parsed("elid=%20a").RequireNameList("elid") == (Names{" a"}));
  BOOST_TEST(Parsed("elid=a%2C%20%20b").RequireNameList("elid") == (Names{"a", " b"}));
  BOOST_TEST(RefusesValue([] { Parsed("elid=a%2C%20").RequireNameList("elid"); }));
}

BOOST_AUTO_TEST_SUITE_END()
