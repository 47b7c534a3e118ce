#include "core/request.h"

#include <algorithm>
#include <charconv>

#include "base/errors.h"
#include "base/text.h"

namespace resellermgr::core {
namespace {

// "host" of "host:port" or "[::1]:port", in lower case.
std::string HostPart(std::string_view authority) {
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos)
    authority = authority.substr(0, colon);
  return base::AsciiLower(authority);
}

bool IsCrossSite(const RawRequest& raw) {
  if (raw.fetch_site == "cross-site" || raw.fetch_site == "same-site") return true;
  if (raw.origin.empty()) return false;
  // "null" (a sandboxed or file: page) or scheme://host[:port] of another host. nginx passes
  // the host without its port (Debian's fastcgi_params: HTTP_HOST is $host).
  const std::size_t scheme_end = raw.origin.find("://");
  return scheme_end == std::string::npos ||
         HostPart(std::string_view(raw.origin).substr(scheme_end + 3)) != HostPart(raw.host);
}

// The User-Agent to show: printable text, cut on a character boundary.
std::string ClientText(std::string_view agent) {
  if (!base::IsValidUtf8(agent)) return {};
  std::string text;
  for (const char c : agent) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) text += c;
  }
  return base::Utf8Prefix(text, 200);
}

}  // namespace

Request Request::Parse(const RawRequest& raw, const ParamLimits& limits) {
  Request request;
  request.params_ = ParseRequestParams(raw.query, raw.body, raw.content_type, limits);
  request.cookies_ = ParseCookies(raw.cookie_header);
  request.remote_addr_ = raw.remote_addr;
  request.host_ = HostPart(raw.host);
  request.https_ = raw.https;
  request.method_ = raw.method;
  // Browsers (Chromium, Firefox, Safari) all ask for text/html and application/xhtml+xml; HTTP
  // libraries ask for */* or nothing, and Java's default (text/html, image/gif, ...) has no
  // xhtml, so a script that forgets out= still gets XML.
  request.browser_ = raw.accept.find("text/html") != std::string::npos &&
                     raw.accept.find("application/xhtml+xml") != std::string::npos;
  request.cross_site_ = IsCrossSite(raw);
  request.authorization_ = raw.authorization;
  request.client_ = ClientText(raw.user_agent);
  return request;
}

std::string_view Request::lang(std::string_view fallback) const {
  std::string_view lang = GetOr("lang", fallback);
  if (lang == "ru" || lang == "en") return lang;
  return fallback == "ru" ? "ru" : "en";
}

void Request::Erase(std::string_view name) {
  auto it = params_.values.find(name);
  if (it != params_.values.end()) params_.values.erase(it);
}

std::optional<std::string_view> Request::Get(std::string_view name) const {
  auto it = params_.values.find(name);
  if (it == params_.values.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::string_view Request::GetOr(std::string_view name, std::string_view fallback) const {
  auto it = params_.values.find(name);
  return it == params_.values.end() ? fallback : std::string_view(it->second);
}

const std::string& Request::Require(std::string_view name) const {
  auto it = params_.values.find(name);
  if (it == params_.values.end() || it->second.empty()) {
    throw base::PluginError(base::ErrorKind::kInvalidValue, std::string(name), "",
                            "required field is empty");
  }
  return it->second;
}

namespace {

// A decimal in [min, max] written one way only: "01" or "-0" would name ticket 1 or 0 under a
// second name.
std::optional<long long> CanonicalNumber(std::string_view text, long long min, long long max) {
  if (text.empty()) return std::nullopt;
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::size_t digits = text[0] == '-' ? 1 : 0;
  const bool canonical = text == "0" || (text.size() > digits && text[digits] != '0');
  if (ec != std::errc() || end != text.data() + text.size() || !canonical || value < min ||
      value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

long long Request::GetInt(std::string_view name, long long fallback, long long min,
                          long long max) const {
  std::string_view text = GetOr(name, "");
  if (text.empty()) return fallback;
  std::optional<long long> value = CanonicalNumber(text, min, max);
  if (!value)
    throw base::PluginError(base::ErrorKind::kInvalidValue, std::string(name),
                            base::Utf8Prefix(text, 32));
  return *value;
}

std::optional<long long> Request::GetId(std::string_view name) const {
  return CanonicalNumber(GetOr(name, ""), 1, 999999999999999999LL);
}

bool Request::Flag(std::string_view name) const {
  std::string_view value = GetOr(name, "");
  return value == "on" || value == "yes" || value == "1";
}

std::vector<std::string> Request::RequireNameList(std::string_view name,
                                                  std::size_t max_items) const {
  const std::string& text = Require(name);
  const auto refuse = [&](const std::string& why) {
    return base::PluginError(base::ErrorKind::kInvalidValue, std::string(name),
                             base::Utf8Prefix(text, 200), why);
  };
  std::vector<std::string> names;
  // Names are exact: only the space of the ", " separator goes, so "r1 " never means r1.
  for (std::string& part : base::SplitNames(text)) {
    if (part.empty()) throw refuse("an empty name in the list");
    if (std::find(names.begin(), names.end(), part) != names.end())
      throw refuse("'" + part + "' is listed twice");
    if (names.size() == max_items)
      throw refuse("more than " + std::to_string(max_items) + " names in one request");
    names.push_back(std::move(part));
  }
  return names;
}

std::vector<long long> Request::RequireIdList(std::string_view name) const {
  std::vector<long long> ids;
  for (const std::string& part : RequireNameList(name)) {
    long long id = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), id);
    if (error != std::errc() || end != part.data() + part.size() || id <= 0 || part[0] == '0')
      throw base::PluginError(base::ErrorKind::kInvalidValue, std::string(name),
                              base::Utf8Prefix(part, 20));
    ids.push_back(id);
  }
  return ids;
}

std::optional<std::string_view> Request::Cookie(std::string_view name) const {
  auto it = cookies_.find(name);
  if (it == cookies_.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string_view> Request::BearerToken() const {
  constexpr std::string_view kScheme = "Bearer ";
  std::string_view header = authorization_;
  if (header.size() <= kScheme.size() || !header.starts_with(kScheme)) return std::nullopt;
  header.remove_prefix(kScheme.size());
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  return header;
}

}  // namespace resellermgr::core
