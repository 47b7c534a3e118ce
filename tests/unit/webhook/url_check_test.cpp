// What a webhook may call: addresses classified (IPv4 forms hidden in IPv6 included), URLs
// parsed, names resolved; and the signature a receiver checks.

#include "webhook/url_check.h"

#include <boost/test/unit_test.hpp>

#include "base/errors.h"
#include "util/crypto.h"
#include "webhook/delivery.h"
#include "webhook/patterns.h"

using namespace resellermgr;
using namespace resellermgr::webhook;

namespace {

std::string Refusal(std::string_view url) {
  try {
    ParseUrl(url);
  } catch (const base::PluginError& e) {
    return e.object() + ": " + e.detail();
  }
  return {};
}

std::string PatternRefusal(std::string_view text) {
  try {
    ParsePatterns(text);
  } catch (const base::PluginError& e) {
    return e.value();
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_urls)

BOOST_AUTO_TEST_CASE(only_public_unicast_addresses_pass) {
  for (const char* address :
       {"127.0.0.1",       "127.255.0.9",     "10.1.2.3",       "172.16.0.1",  "172.31.255.255",
        "192.168.1.1",     "169.254.169.254", "100.64.0.1",     "0.0.0.0",     "224.0.0.1",
        "255.255.255.255", "192.0.2.5",       "198.18.0.1",     "::1",         "::",
        "fc00::1",         "fd12:3456::1",    "fe80::1",        "ff02::1",     "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "64:ff9b::a00:1",  "2002:7f00:1::1", "2001:db8::1", "::127.0.0.1",
        "2001::1",         "fec0::1"})
    BOOST_TEST(!AddressProblem(std::string_view(address)).empty(), address);
  for (const char* address : {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1",
                              "2a00:1450:4001::1", "::ffff:8.8.8.8", "2002:808:808::1"})
    BOOST_TEST(AddressProblem(std::string_view(address)).empty(), address);
  BOOST_TEST(AddressProblem(std::string_view("127.0.0.1")) == "a loopback address");
  BOOST_TEST(AddressProblem(std::string_view("::ffff:192.168.0.1")) ==
             "a private address (in IPv6)");
}

BOOST_AUTO_TEST_CASE(urls_are_http_or_https_with_a_host_and_no_credentials) {
  BOOST_TEST(ParseUrl("https://hooks.example.com/in?x=1").host == "hooks.example.com");
  BOOST_TEST(ParseUrl("http://[2a00:1450:4001::1]:8080/h").host == "2a00:1450:4001::1");
  BOOST_TEST(Refusal("ftp://example.com/") == "url: only http and https");
  BOOST_TEST(Refusal("file:///etc/passwd") == "url: only http and https");
  BOOST_TEST(Refusal("gopher://127.0.0.1:25/") == "url: only http and https");
  BOOST_TEST(Refusal("https://user:pw@example.com/").find("no user or password") !=
             std::string::npos);
  BOOST_TEST(Refusal("https://example.com/a b").find("no spaces") != std::string::npos);
  BOOST_TEST(Refusal("https://example.com/\r\nX: y").find("control") != std::string::npos);
  BOOST_TEST(Refusal("not a url").find("url:") == 0u);
  BOOST_TEST(Refusal("https://example.com/" + std::string(2100, 'a')).find("2048") !=
             std::string::npos);
  BOOST_TEST(Refusal("").find("required") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(hosts_are_checked_as_written_and_as_resolved) {
  BOOST_TEST(HostProblem("127.0.0.1") == "127.0.0.1 is a loopback address");
  BOOST_TEST(HostProblem("::ffff:10.0.0.1").find("private") != std::string::npos);
  // A name is judged by every address it resolves to: localhost is loopback.
  BOOST_TEST(HostProblem("localhost").find("localhost resolves to") == 0u);
  // The integer and hex forms of 127.0.0.1 resolve to it too.
  BOOST_TEST(HostProblem("2130706433").find("loopback") != std::string::npos);
  BOOST_TEST(HostProblem("0x7f.1").find("loopback") != std::string::npos);
  BOOST_TEST(HostProblem("93.184.216.34").empty());
  // A name that does not resolve now is left to the check at connect time.
  BOOST_TEST(HostProblem("no-such-host.invalid").empty());
}

BOOST_AUTO_TEST_CASE(patterns_take_all_a_family_or_kinds) {
  BOOST_TEST(JoinPatterns(ParsePatterns("account.*,wallet.deposit  ticket.answered, account.*")) ==
             "account.*, wallet.deposit, ticket.answered");
  BOOST_TEST(JoinPatterns(ParsePatterns("*")) == "*");
  BOOST_TEST(PatternRefusal("acount.*") == "acount");
  BOOST_TEST(PatternRefusal("account.*.x") == "account.*.x");
  BOOST_TEST(PatternRefusal("Account.created") == "Account.created");
  BOOST_TEST(PatternRefusal("%") == "%");
  BOOST_CHECK_THROW(ParsePatterns(" , "), base::PluginError);  // nothing named
  BOOST_TEST(Matches("*", "user.suspended"));
  BOOST_TEST(Matches("account.*, user.*", "user.suspended"));
  BOOST_TEST(!Matches("user.*", "users.suspended"));
  BOOST_TEST(!Matches("user.*", "reseller.suspended"));
  BOOST_TEST(Matches("wallet.deposit", "wallet.deposit"));
  BOOST_TEST(!Matches("wallet.deposit", "wallet.deposits"));
  BOOST_TEST(Matches("client.*", "client.service.status"));
}

BOOST_AUTO_TEST_CASE(the_signature_covers_time_and_body_under_each_secret) {
  const std::string body = R"({"event":"user.created","event_id":7,"sent_at":1700000000})";
  const std::string one = Signature("s1", "", 1700000000, body);
  BOOST_TEST(one ==
             "t=1700000000,v1=" + util::HexEncode(util::HmacSha256("s1", "1700000000." + body)));
  const std::string two = Signature("s2", "s1", 1700000000, body);
  BOOST_TEST(two ==
             "t=1700000000,v1=" + util::HexEncode(util::HmacSha256("s2", "1700000000." + body)) +
                 ",v1=" + util::HexEncode(util::HmacSha256("s1", "1700000000." + body)));
  BOOST_TEST(Signature("s1", "", 1700000001, body) != one);  // another time, another signature
}

BOOST_AUTO_TEST_SUITE_END()
