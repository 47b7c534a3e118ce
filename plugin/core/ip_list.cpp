#include "core/ip_list.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <optional>

#include "base/errors.h"

namespace resellermgr::core {
namespace {

constexpr std::size_t kMaxEntries = 64;

struct Address {
  int family = 0;       // AF_INET or AF_INET6
  bool mapped = false;  // written as an IPv4-mapped IPv6 address (::ffff:192.0.2.1)
  std::array<unsigned char, 16> bytes{};
  int bits() const { return family == AF_INET ? 32 : 128; }
};

std::optional<Address> ParseAddress(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buffer[INET6_ADDRSTRLEN];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  Address address;
  if (inet_pton(AF_INET, buffer, address.bytes.data()) == 1) {
    address.family = AF_INET;
    return address;
  }
  if (inet_pton(AF_INET6, buffer, address.bytes.data()) != 1) return std::nullopt;
  // An IPv4 client seen through an IPv6 socket (::ffff:192.0.2.1) is that IPv4 address.
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(address.bytes.data(), kMapped, sizeof kMapped) == 0) {
    std::memmove(address.bytes.data(), address.bytes.data() + 12, 4);
    std::memset(address.bytes.data() + 4, 0, 12);
    address.family = AF_INET;
    address.mapped = true;
    return address;
  }
  address.family = AF_INET6;
  return address;
}

void ClearHostBits(Address& address, int prefix) {
  for (int bit = prefix; bit < address.bits(); ++bit)
    address.bytes[bit / 8] &= static_cast<unsigned char>(~(0x80 >> (bit % 8)));
}

bool InRange(const Address& address, const Address& network, int prefix) {
  if (address.family != network.family) return false;
  Address masked = address;
  ClearHostBits(masked, prefix);
  return masked.bytes == network.bytes;
}

struct Range {
  Address network;
  int prefix;
};

std::optional<Range> ParseRange(std::string_view entry) {
  const std::size_t slash = entry.find('/');
  std::optional<Address> address = ParseAddress(entry.substr(0, slash));
  if (!address) return std::nullopt;
  int prefix = address->bits();
  if (slash != std::string_view::npos) {
    const std::string_view digits = entry.substr(slash + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || digits.size() > 3 || error != std::errc() ||
        end != digits.data() + digits.size())
      return std::nullopt;
    // A mapped range counts its prefix over 128 bits; its IPv4 part is the last 32.
    if (address->mapped) prefix -= 96;
    if (prefix < 0 || prefix > address->bits()) return std::nullopt;
  }
  ClearHostBits(*address, prefix);
  return Range{*address, prefix};
}

std::string Format(const Range& range) {
  char buffer[INET6_ADDRSTRLEN];
  inet_ntop(range.network.family, range.network.bytes.data(), buffer, sizeof buffer);
  std::string text = buffer;
  if (range.prefix != range.network.bits()) text += "/" + std::to_string(range.prefix);
  return text;
}

template <typename Visit>
bool ForEachEntry(std::string_view list, Visit visit) {
  std::size_t start = 0;
  while (start < list.size()) {
    const std::size_t end = list.find_first_of(", \t\r\n", start);
    const std::string_view entry = list.substr(start, end - start);
    if (!entry.empty() && !visit(entry)) return false;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::optional<std::string> CanonicalAddress(std::string_view text) {
  const std::optional<Address> address = ParseAddress(text);
  if (!address) return std::nullopt;
  char buffer[INET6_ADDRSTRLEN];
  inet_ntop(address->family, address->bytes.data(), buffer, sizeof buffer);
  return std::string(buffer);
}

bool IsHostAddress(std::string_view canonical) {
  const std::optional<Address> address = ParseAddress(canonical);
  if (!address) return false;
  const auto& b = address->bytes;
  if (address->family == AF_INET) {
    const bool unspecified = b[0] == 0;              // 0.0.0.0/8
    const bool multicast_or_reserved = b[0] >= 224;  // 224/4, 240/4
    return !unspecified && !multicast_or_reserved;
  }
  const bool unspecified = std::all_of(b.begin(), b.end(), [](unsigned char c) { return c == 0; });
  return !unspecified && b[0] != 0xff;  // ::, ff00::/8
}

std::variant<std::string, IpListError> NormaliseIpList(std::string_view input) {
  std::string normalised;
  std::string bad;
  std::size_t entries = 0;
  ForEachEntry(input, [&](std::string_view entry) {
    std::optional<Range> range = ParseRange(entry);
    if (!range || ++entries > kMaxEntries) {
      bad = std::string(entry.substr(0, 64));
      return false;
    }
    if (!normalised.empty()) normalised.push_back(',');
    normalised += Format(*range);
    return true;
  });
  if (!bad.empty()) return IpListError{bad};
  return normalised;
}

std::string RequireIpList(std::string_view input, const std::string& field) {
  auto normalised = NormaliseIpList(input);
  if (const auto* error = std::get_if<IpListError>(&normalised))
    throw base::PluginError(base::ErrorKind::kInvalidValue, field, error->entry);
  return std::get<std::string>(normalised);
}

bool IpListAllows(std::string_view list, std::string_view address) {
  if (list.empty()) return true;
  std::optional<Address> client = ParseAddress(address);
  if (!client) return false;
  bool allowed = false;
  ForEachEntry(list, [&](std::string_view entry) {
    std::optional<Range> range = ParseRange(entry);
    allowed = range && InRange(*client, range->network, range->prefix);
    return !allowed;
  });
  return allowed;
}

}  // namespace resellermgr::core
