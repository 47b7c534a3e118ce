#include "tenancy/limits.h"

#include <cctype>
#include <charconv>
#include <regex>

#include "base/errors.h"
#include "base/text.h"
#include "db/columns.h"
#include "db/connection.h"

namespace resellermgr::tenancy {

using base::ErrorKind;
using base::PluginError;

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
  if (d.kind == LimitKind::kMib) {
    const std::optional<std::uint64_t> mib = ParseMib(text);
    if (!mib || *mib > kMaxLimit) {
      throw PluginError(ErrorKind::kInvalidValue, std::string(field), std::string(text),
                        "a size such as 512, 512 MiB, 1.5 GiB or 2 TiB, or empty for no limit");
    }
    return *mib;
  }
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
    // The ISP5/6 name wins when a client sends both, then the aliases in their order.
    std::optional<std::string_view> text = request.Get(d.name);
    std::string_view field = d.name;
    for (auto alias = d.isp4_aliases.begin(); !text && alias != d.isp4_aliases.end(); ++alias) {
      text = request.Get(*alias);
      field = *alias;
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

namespace {

// Each limit with its ISP4 names: the descriptor's own alias first, then its others (sql/031).
constexpr char kSelectDescriptors[] = R"sql(
    SELECT d.name, d.kind, CONCAT_WS(',', d.isp4_alias,
                                     (SELECT GROUP_CONCAT(x.alias ORDER BY x.alias)
                                        FROM limit_alias x WHERE x.name = d.name)) AS aliases
    FROM limit_descriptor d ORDER BY d.sort_order)sql";
constexpr auto kDescriptorRow = db::Columns::Of(kSelectDescriptors);

}  // namespace

const std::vector<LimitDescriptor>& LimitCatalog::Descriptors() {
  if (descriptors_.empty()) {
    auto rows = db::Select(connection_.Prepare(kSelectDescriptors));
    while (rows->next()) {
      const std::string kind = rows->getString(kDescriptorRow["kind"]);
      const std::string names =
          rows->getString(kDescriptorRow["aliases"]);  // the views below point into it
      std::vector<std::string> aliases;
      for (std::string_view alias : base::SplitList(names))
        if (!alias.empty()) aliases.emplace_back(alias);
      descriptors_.push_back({rows->getString(kDescriptorRow["name"]),
                              kind == "flag"  ? LimitKind::kFlag
                              : kind == "mib" ? LimitKind::kMib
                                              : LimitKind::kCount,
                              std::move(aliases)});
    }
  }
  return descriptors_;
}

}  // namespace resellermgr::tenancy
