#pragma once
// What a webhook may call (issue 25 item 1): an http or https URL whose host is a public
// address, so a reseller cannot make the server reach into the network it runs in (loopback,
// private, link-local, ... ranges, IPv4 forms hidden in IPv6 addresses included). The URL is
// checked when it is saved (its host, or every address its name resolves to now) and every
// connection is checked again when a delivery is sent (the name may resolve elsewhere by then),
// unless the admin let that webhook reach private addresses.

#include <sys/socket.h>

#include <string>
#include <string_view>

namespace resellermgr::webhook {

inline constexpr std::size_t kMaxUrl = 2048;

// Why an address is not one a webhook may reach without the admin's leave ("a loopback
// address", "a private address", ...), or "" for a public unicast address.
std::string AddressProblem(const sockaddr* address);
// The same for an address as text ("127.0.0.1", "::ffff:10.0.0.1"); "" when it is public or
// not an address at all.
std::string AddressProblem(std::string_view text);

// A URL as saved: the checks that need no network. Throws PluginError (value/url) with the
// reason: not http or https, no host, credentials in it, too long, control characters.
struct Url {
  std::string text, host;  // host without IPv6 brackets
};
Url ParseUrl(std::string_view text);

// Every address `host` resolves to now must be public: the reason one is not
// ("resolves to 127.0.0.1, a loopback address"), or "". A name that does not resolve now
// passes (every delivery checks its addresses again when it connects).
std::string HostProblem(const std::string& host);

}  // namespace resellermgr::webhook
