#include "money/amount.h"

#include <regex>

namespace resellermgr::money {

std::optional<std::int64_t> ParseAmount(const std::string& text) {
  static const std::regex kAmount(R"((0|[1-9][0-9]{0,9})(\.([0-9]{1,2}))?)");
  std::smatch match;
  if (!std::regex_match(text, match, kAmount)) return std::nullopt;
  std::int64_t minor = std::stoll(match[1].str()) * 100;
  if (match[3].matched) {
    const std::string cents = match[3].str();
    minor += std::stoll(cents) * (cents.size() == 1 ? 10 : 1);
  }
  if (minor > kMaxAmount) return std::nullopt;
  return minor;
}

std::string FormatAmount(std::int64_t minor) {
  const bool negative = minor < 0;
  const std::uint64_t value =
      negative ? static_cast<std::uint64_t>(-(minor + 1)) + 1 : static_cast<std::uint64_t>(minor);
  std::string cents = std::to_string(value % 100);
  if (cents.size() == 1) cents = "0" + cents;
  return (negative ? "-" : "") + std::to_string(value / 100) + "." + cents;
}

}  // namespace resellermgr::money
