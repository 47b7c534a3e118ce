#include "account/limits.h"

#include <charconv>

#include "core/errors.h"

namespace resellermgr::account {

using core::ErrorKind;
using core::PluginError;

namespace {

// 2^53: exact in every JSON parser that reads our replies.
constexpr std::uint64_t kMaxLimit = 9007199254740992ULL;

std::optional<std::uint64_t> ParseValue(const LimitDescriptor& d, std::string_view field,
                                        std::string_view text) {
  if (d.kind == LimitKind::kFlag) {
    if (text == "on" || text == "yes" || text == "1") return 1;
    if (text == "off" || text == "no" || text == "0" || text.empty()) return std::nullopt;
    throw PluginError(ErrorKind::kInvalidValue, std::string(field), std::string(text),
                      "expected on or off");
  }
  if (text.empty()) return std::nullopt;  // unlimited
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > kMaxLimit) {
    throw PluginError(ErrorKind::kInvalidValue, std::string(field), std::string(text),
                      "expected a whole number, or empty for no limit");
  }
  return value;
}

}  // namespace

std::map<std::string, std::optional<std::uint64_t>, std::less<>> ParseLimitFields(
    const core::Request& request, const std::vector<LimitDescriptor>& descriptors) {
  std::map<std::string, std::optional<std::uint64_t>, std::less<>> changes;
  for (const LimitDescriptor& d : descriptors) {
    // The ISP5/6 name wins when a client sends both.
    std::optional<std::string_view> text = request.Get(d.name);
    std::string_view field = d.name;
    if (!text && !d.isp4_alias.empty()) {
      text = request.Get(d.isp4_alias);
      field = d.isp4_alias;
    }
    if (text) changes[d.name] = ParseValue(d, field, *text);
  }
  return changes;
}

void AppendLimitFields(core::Element parent, const LimitValues& limits,
                       const std::vector<LimitDescriptor>& descriptors) {
  for (const LimitDescriptor& d : descriptors) {
    auto value = limits.find(d.name);
    if (d.kind == LimitKind::kFlag) {
      parent.Set(d.name, value != limits.end() ? "on" : "off");
    } else {
      parent.Set(d.name, value != limits.end() ? std::to_string(value->second) : "");
    }
  }
}

std::string FormatAmount(std::uint64_t value, LimitKind kind) {
  if (kind == LimitKind::kMib) {
    if (value >= 1024 && value % 1024 == 0) return std::to_string(value / 1024) + " GiB";
    return std::to_string(value) + " MiB";
  }
  return std::to_string(value);
}

}  // namespace resellermgr::account
