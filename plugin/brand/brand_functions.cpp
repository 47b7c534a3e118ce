#include "brand/brand_functions.h"

#include <netdb.h>
#include <sys/socket.h>

#include <cstdio>
#include <regex>
#include <set>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/config.h"
#include "base/errors.h"
#include "base/text.h"
#include "brand/brand_store.h"
#include "brand/image_check.h"
#include "changes/changes.h"
#include "core/deps.h"

namespace resellermgr::brand {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr std::size_t kMaxLogo = 256 * 1024;
constexpr std::size_t kMaxFavicon = 64 * 1024;
constexpr std::size_t kMaxName = 64;

const char* OnOff(bool on) { return on ? "on" : "off"; }

// "#1a2B3c" -> "#1a2b3c"; "" stays ""; anything else is a field error.
std::string Colour(const Request& request, const char* field, const std::string& current) {
  const std::string value(request.GetOr(field, current));
  if (value.empty()) return value;
  static const std::regex kHex("#[0-9a-fA-F]{6}");
  if (!std::regex_match(value, kHex))
    throw PluginError(ErrorKind::kInvalidValue, field, base::Utf8Prefix(value, 16),
                      "a colour as #rrggbb");
  return base::AsciiLower(value);
}

// The panel's own host name, from panel_url, lower case.
std::string PanelHost(const base::Config& config) {
  std::string host = config.panel_url;
  if (const auto scheme = host.find("://"); scheme != std::string::npos) host.erase(0, scheme + 3);
  return base::AsciiLower(host.substr(0, host.find_first_of(":/")));
}

// Whether `host` is the panel's own host or a reserved name (config reserved_domains): a brand
// taking one would capture the operator's panel, login page and reset links (issue 20).
bool Reserved(const base::Config& config, const std::string& host) {
  if (host == PanelHost(config)) return true;
  for (std::string_view entry : base::SplitList(config.reserved_domains)) {
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
    const std::string name = base::AsciiLower(entry);
    if (name.empty()) continue;
    if (name.front() == '.' ? host == name.substr(1) || host.ends_with(name) : host == name)
      return true;
  }
  return false;
}

// The addresses a host name resolves to (numeric, any family); empty when it does not resolve.
std::set<std::string> AddressesOf(const std::string& host) {
  std::set<std::string> addresses;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return addresses;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char text[NI_MAXHOST];
    if (getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0)
      addresses.insert(text);
  }
  freeaddrinfo(found);
  return addresses;
}

// Whether the brand's domain reaches this panel (issue 20): it resolves to one of the addresses
// the panel's own host name (panel_url) resolves to. "yes", "no", or "" without a domain.
std::string PointsHere(const base::Config& config, const std::string& domain) {
  if (domain.empty()) return "";
  const std::set<std::string> ours = AddressesOf(PanelHost(config));
  for (const std::string& address : AddressesOf(domain))
    if (ours.count(address)) return "yes";
  return "no";
}

std::string Domain(const Request& request, const std::string& current) {
  const std::string value = base::AsciiLower(request.GetOr("domain", current));
  if (value.empty()) return value;
  static const std::regex kHost(
      "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
  if (value.size() > 253 || !std::regex_match(value, kHost))
    throw PluginError(ErrorKind::kInvalidValue, "domain", base::Utf8Prefix(value, 64),
                      "a host name such as panel.example.com");
  return value;
}

// The uploaded image in `field`, checked from its bytes (brand/image_check.h), or nothing.
std::optional<Image> CheckedImage(const Request& request, const char* field, std::size_t max,
                                  bool icon) {
  const core::UploadedFile* file = request.File(field);
  if (file == nullptr || file->data.empty()) return std::nullopt;
  if (file->data.size() > max) {
    throw PluginError(ErrorKind::kInvalidValue, field, file->filename.substr(0, 64),
                      "at most " + std::to_string(max / 1024) + " KiB");
  }
  const std::optional<ImageInfo> info = InspectImage(file->data, icon);
  if (!info) {
    throw PluginError(ErrorKind::kInvalidValue, field, file->filename.substr(0, 64),
                      std::string(icon ? "a PNG, JPEG or ICO image" : "a PNG or JPEG image") +
                          " (SVG is not taken) of at most " + std::to_string(kMaxImageSide) +
                          " pixels a side");
  }
  return Image{info->type, file->data};
}

void Show(Reply& reply, const Brand& b) {
  reply.Root()
      .Set("elid", b.account)
      .Set("allowed", OnOff(b.allowed))
      .Set("brand_name", b.name)
      .Set("primary_color", b.primary_color)
      .Set("accent_color", b.accent_color)
      .Set("domain", b.domain)
      .Set("has_logo", OnOff(b.has_logo))
      .Set("has_favicon", OnOff(b.has_favicon))
      .Set("public_key", b.public_key);
}

// brand.edit: a reseller's brand. The admin allows rebranding (allowed); the reseller (or the
// admin, or its parent) sets the name, colours, domain, logo and favicon. Everything is checked
// before anything is kept.
Reply EditBrand(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const account::Account target = Target(deps, request);
  Brand b = deps.Get<BrandStore>().Of(target.id, request.Submitted());
  if (!request.Submitted()) {
    Reply reply;
    Show(reply, b);
    // Looked up when the form is shown, never when it is saved: a domain may be set before
    // its DNS record is.
    reply.Root().Set("domain_points_here", PointsHere(deps.config, b.domain));
    return reply;
  }
  const Brand old = b;
  if (request.Has("allowed")) {
    if (!caller.admin() && request.Flag("allowed") != b.allowed)
      throw PluginError(ErrorKind::kAccessDenied, "allowed", "", "the admin allows rebranding");
    b.allowed = request.Flag("allowed");
  }
  if (!b.allowed && old.allowed) {
    // The admin withdraws rebranding (issue 20): the brand's settings are kept but no page,
    // domain or mail wears them until it is allowed again.
    deps.Get<BrandStore>().Save(b);
    deps.changes.Record(request, {"brand:" + target.name,
                                  "changed",
                                  audit::RedactedParams(request),
                                  "brand.changed",
                                  {{"allowed", OnOff(old.allowed), OnOff(b.allowed)}},
                                  target.name});
    return Reply::Ok();
  }
  if (!b.allowed) {
    throw PluginError(ErrorKind::kAccessDenied, "brand", target.name,
                      "rebranding is not allowed for this account; the admin allows it");
  }
  b.name = std::string(request.GetOr("brand_name", b.name));
  if (b.name.size() > kMaxName)
    throw PluginError(ErrorKind::kInvalidValue, "brand_name", "", "at most 64 bytes");
  b.primary_color = Colour(request, "primary_color", b.primary_color);
  b.accent_color = Colour(request, "accent_color", b.accent_color);
  b.domain = Domain(request, b.domain);
  if (!b.domain.empty() && b.domain != old.domain && Reserved(deps.config, b.domain))
    throw PluginError(ErrorKind::kExists, "domain", b.domain, "this name is reserved");
  if (!b.domain.empty() && deps.Get<BrandStore>().DomainTaken(b.domain, b.account_id))
    throw PluginError(ErrorKind::kExists, "domain", b.domain);
  const std::optional<Image> logo = CheckedImage(request, "logo", kMaxLogo, false);
  const std::optional<Image> favicon = CheckedImage(request, "favicon", kMaxFavicon, true);

  deps.Get<BrandStore>().Save(b);
  if (logo)
    deps.Get<BrandStore>().SetImage(b.account_id, "logo", logo);
  else if (request.Flag("logo_remove"))
    deps.Get<BrandStore>().SetImage(b.account_id, "logo", std::nullopt);
  if (favicon)
    deps.Get<BrandStore>().SetImage(b.account_id, "favicon", favicon);
  else if (request.Flag("favicon_remove"))
    deps.Get<BrandStore>().SetImage(b.account_id, "favicon", std::nullopt);
  deps.changes.Record(request, {"brand:" + target.name,
                                "changed",
                                audit::RedactedParams(request),
                                "brand.changed",
                                {{"allowed", OnOff(old.allowed), OnOff(b.allowed)},
                                 {"brand_name", old.name, b.name},
                                 {"domain", old.domain, b.domain},
                                 {"logo", "", logo ? logo->type : ""}},
                                target.name});
  return Reply::Ok();
}

// brand.logo, brand.favicon: a brand's public images by its public key, for login pages too.
Reply PublicImage(const Deps& deps, const Request& request, const char* which) {
  const std::string& key = request.Require("elid");
  std::optional<Image> image = deps.Get<BrandStore>().PublicImage(key, which);
  if (!image) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(key, 32));
  Reply reply;
  reply.SetAttachment({image->type,
                       std::string(which) + (image->type == "image/png"    ? ".png"
                                             : image->type == "image/jpeg" ? ".jpg"
                                                                           : ".ico"),
                       std::move(image->data), true});
  return reply;
}
Reply Logo(const Deps& deps, const Request& request) { return PublicImage(deps, request, "logo"); }
Reply Favicon(const Deps& deps, const Request& request) {
  return PublicImage(deps, request, "favicon");
}

// brand.css: the brand's colours as the panel's custom properties. The text is written here
// from colours that were checked as #rrggbb when saved and are checked again now: nothing a
// reseller typed reaches a stylesheet.
Reply Stylesheet(const Deps& deps, const Request& request) {
  const std::string& key = request.Require("elid");
  std::optional<Brand> b = deps.Get<BrandStore>().ByPublicKey(key);
  if (!b) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(key, 32));
  static const std::regex kHex("#[0-9a-f]{6}");
  std::string css = ":root {";
  if (std::regex_match(b->primary_color, kHex)) css += " --brand: " + b->primary_color + ";";
  if (std::regex_match(b->accent_color, kHex)) css += " --accent: " + b->accent_color + ";";
  css += " }\n";
  Reply reply;
  reply.SetAttachment({"text/css; charset=utf-8", "brand.css", std::move(css), true});
  return reply;
}

}  // namespace

// The reseller whose brand is edited: the caller's own account, or (the admin, a parent) one
// below it by elid.
account::Account Target(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const std::string_view elid = request.GetOr("elid", "");
  std::optional<account::Account> target = deps.Get<account::Directory>().OwnOrResellerBelow(
      tenancy::Scope::Of(caller), caller.account, elid);
  if (target && target->id == caller.account_id && caller.admin())
    throw PluginError(ErrorKind::kInvalidValue, "elid", "");  // the host has no brand of its own
  if (!target) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(elid, 64));
  return *target;
}

void RegisterBrandFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("brand.edit",    AccessLevel::kReseller, Effect::kSubmits, EditBrand);
  registry.Add("brand.logo",    AccessLevel::kGuest,    Effect::kReads,   Logo);
  registry.Add("brand.favicon", AccessLevel::kGuest,    Effect::kReads,   Favicon);
  registry.Add("brand.css",     AccessLevel::kGuest,    Effect::kReads,   Stylesheet);
  // clang-format on
  registry.SetGroup("brand.edit", "resellers");
}

}  // namespace resellermgr::brand
