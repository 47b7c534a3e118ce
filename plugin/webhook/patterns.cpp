#include "webhook/patterns.h"

#include <algorithm>
#include <regex>

#include "base/errors.h"
#include "base/text.h"

namespace resellermgr::webhook {

const std::vector<std::string_view>& EventFamilies() {
  static const std::vector<std::string_view> kFamilies = {
      "account", "reseller",       "user",      "login",  "wallet",   "billing",
      "invoice", "ticket",         "service",   "client", "vendor",   "license",
      "backup",  "server_account", "brand",     "preset", "ratecard", "group",
      "token",   "totp",           "broadcast", "signup", "session",  "webhook", "access", "usage"};
  return kFamilies;
}

std::vector<std::string> ParsePatterns(std::string_view text) {
  static const std::regex kKind(
      R"(([a-z][a-z_]{0,31})(\.[a-z][a-z_]{0,31}){1,3}|([a-z][a-z_]{0,31})\.\*|\*)");
  std::vector<std::string> patterns;
  std::string current;
  const auto take = [&] {
    if (current.empty()) return;
    if (!std::regex_match(current, kKind))
      throw base::PluginError(base::ErrorKind::kInvalidValue, "events",
                              base::Utf8Prefix(current, 64),
                              "\"*\", a family (\"account.*\") or an event (\"wallet.deposit\")");
    const std::string family = current == "*" ? "" : current.substr(0, current.find('.'));
    const auto& families = EventFamilies();
    if (!family.empty() && std::find(families.begin(), families.end(), family) == families.end())
      throw base::PluginError(base::ErrorKind::kInvalidValue, "events", family,
                              "no events are called " + family + ".*");
    if (std::find(patterns.begin(), patterns.end(), current) == patterns.end())
      patterns.push_back(current);
    current.clear();
  };
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n')
      take();
    else
      current.push_back(c);
  }
  take();
  if (patterns.empty())
    throw base::PluginError(base::ErrorKind::kInvalidValue, "events", "",
                            "name the events to send (\"*\" for all)");
  if (patterns.size() > kMaxPatterns)
    throw base::PluginError(base::ErrorKind::kInvalidValue, "events", "", "at most 32 patterns");
  return patterns;
}

std::string JoinPatterns(const std::vector<std::string>& patterns) {
  std::string text;
  for (const std::string& p : patterns) text += (text.empty() ? "" : ", ") + p;
  return text;
}

bool Matches(std::string_view patterns, std::string_view kind) {
  std::size_t start = 0;
  while (start < patterns.size()) {
    std::size_t end = patterns.find(',', start);
    if (end == std::string_view::npos) end = patterns.size();
    std::string_view p = patterns.substr(start, end - start);
    while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
    while (!p.empty() && p.back() == ' ') p.remove_suffix(1);
    if (p == "*" || p == kind) return true;
    if (p.size() > 2 && p.substr(p.size() - 2) == ".*" &&
        kind.substr(0, p.size() - 1) == p.substr(0, p.size() - 1))
      return true;
    start = end + 1;
  }
  return false;
}

}  // namespace resellermgr::webhook
