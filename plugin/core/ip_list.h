#pragma once
// Address locks: lists of IPv4/IPv6 addresses and CIDR ranges ("192.0.2.0/24, 2001:db8::/32"),
// checked with inet_pton. Stored normalised (inet_ntop form, host bits cleared, comma-separated).

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace resellermgr::core {

// The normalised list, or the first entry that is not an address or range (as a
// std::monostate-free error: the bad entry's text). Entries are separated by commas, white
// space or newlines; an empty input is the empty list (any address).
struct IpListError {
  std::string entry;
};
std::variant<std::string, IpListError> NormaliseIpList(std::string_view input);

// NormaliseIpList for a request field: the normalised list, or PluginError(kInvalidValue,
// `field`) naming the first bad entry.
std::string RequireIpList(std::string_view input, const std::string& field);

// One IPv4 or IPv6 address (no range) in its canonical inet_ntop form (an IPv4-mapped IPv6
// address as its IPv4 address), or nullopt.
std::optional<std::string> CanonicalAddress(std::string_view text);
// Whether a canonical address can be a server's: not unspecified, multicast or reserved.
bool IsHostAddress(std::string_view canonical);

// Whether `address` (the client's, as nginx reports it) is in the normalised `list`. An empty
// list allows every address; an address that cannot be parsed is in no non-empty list.
bool IpListAllows(std::string_view list, std::string_view address);

}  // namespace resellermgr::core
