#pragma once
// Money on the wire (DESIGN.md "Money"): integer minor units of the installation's one currency
// inside, decimal strings with two places outside. The one place amounts are read and written,
// for every family that shows or takes one (wallets, invoices, reports, the dashboard).

#include <cstdint>
#include <optional>
#include <string>

namespace resellermgr::money {

// The largest amount accepted: 9,999,999,999.99.
inline constexpr std::int64_t kMaxAmount = 999999999999;

// "12.34" -> 1234, "12.5" -> 1250, "7" -> 700. Digits, an optional point and at most two
// decimals, no sign, no leading zeros, at most kMaxAmount; anything else is nullopt.
std::optional<std::int64_t> ParseAmount(const std::string& text);
// 1234 -> "12.34", -5 -> "-0.05", INT64_MIN included.
std::string FormatAmount(std::int64_t minor);

}  // namespace resellermgr::money
