#include "tenancy/sizes.h"

#include <cctype>
#include <regex>

namespace resellermgr::tenancy {

std::optional<std::uint64_t> ParseMib(std::string_view text) {
  static const std::regex kSize(
      R"(([0-9]{1,16})(?:[.,]([0-9]{1,3}))? *(?:([mMgGtT])(?:[iI]?[bB])?)?)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, kSize)) return std::nullopt;
  const char unit = m[3].matched ? static_cast<char>(std::toupper(*m[3].first)) : 'M';
  const std::uint64_t factor = unit == 'T' ? 1024 * 1024 : unit == 'G' ? 1024 : 1;
  const std::uint64_t whole = std::stoull(m[1].str());
  if (whole > (1ULL << 53) / factor) return std::nullopt;
  std::uint64_t mib = whole * factor;
  if (m[2].matched) {  // a fraction: whole MiB only, rounded to the nearest
    std::string digits = m[2].str();
    while (digits.size() < 3) digits += '0';
    mib += (std::stoull(digits) * factor + 500) / 1000;
  }
  return mib;
}

std::string FormatAmount(std::uint64_t value, LimitKind kind) {
  if (kind == LimitKind::kMib) {
    if (value >= 1024 && value % 1024 == 0) return std::to_string(value / 1024) + " GiB";
    return std::to_string(value) + " MiB";
  }
  return std::to_string(value);
}

}  // namespace resellermgr::tenancy
