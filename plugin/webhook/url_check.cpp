#include "webhook/url_check.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>

#include "base/errors.h"
#include "base/text.h"

namespace resellermgr::webhook {
namespace {

using base::ErrorKind;
using base::PluginError;

struct Range4 {
  std::uint32_t network;
  int bits;
  const char* what;
};

// Not public: RFC 6890's special-purpose ranges that are not globally reachable.
constexpr std::array<Range4, 13> kRanges4 = {{
    {0x00000000, 8, "an unspecified address"},
    {0x0A000000, 8, "a private address"},
    {0x64400000, 10, "a private (shared) address"},
    {0x7F000000, 8, "a loopback address"},
    {0xA9FE0000, 16, "a link-local address"},
    {0xAC100000, 12, "a private address"},
    {0xC0000000, 24, "a reserved address"},
    {0xC0000200, 24, "a reserved (documentation) address"},
    {0xC0A80000, 16, "a private address"},
    {0xC6120000, 15, "a reserved (benchmarking) address"},
    {0xC6336400, 24, "a reserved (documentation) address"},
    {0xCB007100, 24, "a reserved (documentation) address"},
    {0xE0000000, 3, "a multicast or reserved address"},  // 224/4 and 240/4
}};

std::string Problem4(std::uint32_t address) {
  for (const Range4& r : kRanges4) {
    const std::uint32_t mask = r.bits == 0 ? 0 : ~std::uint32_t{0} << (32 - r.bits);
    if ((address & mask) == r.network) return r.what;
  }
  return {};
}

std::uint32_t Read4(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

bool Prefix(const std::uint8_t* a, std::initializer_list<std::uint8_t> bytes) {
  std::size_t i = 0;
  for (std::uint8_t b : bytes) {
    if (a[i++] != b) return false;
  }
  return true;
}

std::string Problem6(const std::uint8_t* a) {
  static constexpr std::uint8_t kZero[16] = {};
  if (std::memcmp(a, kZero, 15) == 0 && (a[15] == 0 || a[15] == 1))
    return a[15] == 0 ? "an unspecified address" : "a loopback address";
  // IPv4 carried inside: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::/96),
  // 6to4 (2002:AABB:CCDD::/48): the IPv4 address decides.
  if (std::memcmp(a, kZero, 10) == 0 && a[10] == 0xff && a[11] == 0xff) {
    const std::string p = Problem4(Read4(a + 12));
    return p.empty() ? p : p + " (in IPv6)";
  }
  if (std::memcmp(a, kZero, 12) == 0) return "a reserved address";
  if (Prefix(a, {0x00, 0x64, 0xff, 0x9b})) {
    const std::string p = Problem4(Read4(a + 12));
    return p.empty() ? p : p + " (in IPv6)";
  }
  if (Prefix(a, {0x20, 0x02})) {
    const std::string p = Problem4(Read4(a + 2));
    return p.empty() ? p : p + " (in IPv6)";
  }
  if ((a[0] & 0xfe) == 0xfc) return "a private address";
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return "a link-local address";
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return "a private (site-local) address";
  if (a[0] == 0xff) return "a multicast address";
  if (Prefix(a, {0x20, 0x01, 0x0d, 0xb8})) return "a reserved (documentation) address";
  if (Prefix(a, {0x20, 0x01, 0x00, 0x00})) return "a reserved (Teredo) address";
  if (Prefix(a, {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00})) return "a reserved address";
  return {};
}

std::string Text(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  else if (address->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text,
              sizeof text);
  return text;
}

}  // namespace

std::string AddressProblem(const sockaddr* address) {
  if (address->sa_family == AF_INET)
    return Problem4(ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr));
  if (address->sa_family == AF_INET6)
    return Problem6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr.s6_addr);
  return "not an internet address";
}

std::string AddressProblem(std::string_view text) {
  const std::string address(text);
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return Problem4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) return Problem6(v6.s6_addr);
  return {};
}

Url ParseUrl(std::string_view text) {
  const auto refuse = [&](const std::string& why) {
    return PluginError(ErrorKind::kInvalidValue, "url", base::Utf8Prefix(text, 200), why);
  };
  if (text.empty()) throw refuse("a URL is required");
  if (text.size() > kMaxUrl) throw refuse("at most 2048 characters");
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f) throw refuse("no spaces or control characters");
  }
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), &curl_url_cleanup);
  const std::string copy(text);
  if (!url || curl_url_set(url.get(), CURLUPART_URL, copy.c_str(), 0) != CURLUE_OK)
    throw refuse("not a URL (http://host/path or https://host/path)");
  const auto part = [&](CURLUPart which) {
    char* value = nullptr;
    std::string result;
    if (curl_url_get(url.get(), which, &value, 0) == CURLUE_OK && value) result = value;
    curl_free(value);
    return result;
  };
  const std::string scheme = part(CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https") throw refuse("only http and https");
  if (!part(CURLUPART_USER).empty() || !part(CURLUPART_PASSWORD).empty())
    throw refuse("no user or password in the URL: the signature says who sent it");
  std::string host = part(CURLUPART_HOST);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) throw refuse("a host is required");
  return {copy, host};
}

std::string HostProblem(const std::string& host) {
  if (const std::string p = AddressProblem(std::string_view(host)); !p.empty())
    return host + " is " + p;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return {};
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, &freeaddrinfo);
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    if (const std::string p = AddressProblem(a->ai_addr); !p.empty())
      return host + " resolves to " + Text(a->ai_addr) + ", " + p;
  }
  return {};
}

}  // namespace resellermgr::webhook
