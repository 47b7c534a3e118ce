#pragma once
// One parsed function request: merged parameters, cookies, client address, and (after
// authentication) the Caller. Built from RawRequest, which is all the transport knows.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/caller.h"
#include "core/params.h"

namespace resellermgr::core {

// What the FastCGI layer (or resellerctl) hands over, still undecoded.
struct RawRequest {
  std::string method = "GET";
  std::string query;
  std::string body;
  std::string content_type;
  std::string cookie_header;
  std::string remote_addr;
  std::string accept;  // the Accept header: a browser's makes out=html the default
  // Where a browser says the request comes from (API clients send none of these).
  std::string host;           // Host (nginx passes it without the port)
  std::string origin;         // Origin
  std::string fetch_site;     // Sec-Fetch-Site
  std::string authorization;  // Authorization (API tokens: "Bearer TOKEN")
  std::string user_agent;     // User-Agent (shown in a login's sessions)
  bool https = false;
};

class Request {
 public:
  Request() = default;
  // Throws PluginError(kInvalidValue) on malformed encoding, invalid UTF-8 or oversized values.
  static Request Parse(const RawRequest& raw, const ParamLimits& limits);

  std::string_view func() const { return GetOr("func", ""); }
  // The out parameter; without one, "html" for a browser (its Accept header asks for text/html
  // and application/xhtml+xml) and "xml" for everything else, so API clients keep their XML.
  std::string_view out() const { return GetOr("out", browser_ ? "html" : "xml"); }
  // The lang parameter when it names a supported language ("en", "ru"), else `fallback`.
  std::string_view lang(std::string_view fallback = "en") const;
  const std::string& method() const { return method_; }

  bool Has(std::string_view name) const { return params_.values.count(name) > 0; }
  // A form submission (COREmanager's sok=ok): without it a form function shows the form.
  bool Submitted() const { return !GetOr("sok", "").empty(); }
  std::optional<std::string_view> Get(std::string_view name) const;
  std::string_view GetOr(std::string_view name, std::string_view fallback) const;
  // The value, or PluginError(kInvalidValue, name) when missing or empty.
  const std::string& Require(std::string_view name) const;
  // A decimal in [min, max] without leading zeros, or `fallback` when the parameter is absent or
  // empty. Anything else: PluginError(kInvalidValue, name).
  long long GetInt(std::string_view name, long long fallback, long long min, long long max) const;
  // A file uploaded in a multipart body under `field`, or nullptr.
  const UploadedFile* File(std::string_view field) const {
    for (const UploadedFile& file : params_.files)
      if (file.field == field) return &file;
    return nullptr;
  }
  // The Host header, lower case, without a port ("" when none).
  const std::string& host() const { return host_; }
  // The parameter as an object's number (a document, a charge): a canonical decimal of at most
  // 18 digits from 1; nullopt for anything else, which names no object.
  std::optional<long long> GetId(std::string_view name) const;
  // A checkbox: "on", "yes" or "1".
  bool Flag(std::string_view name) const;
  // "a, b,c" -> {"a", "b", "c"} (the group-action elid); names are taken exactly, only the space
  // of the ", " separator is dropped. Missing, empty parts, duplicates or more than `max_items`
  // names: PluginError(kInvalidValue, name) whose detail says which.
  std::vector<std::string> RequireNameList(std::string_view name,
                                           std::size_t max_items = 1000) const;
  // The same list as objects' numbers (GetId's form each): anything else is
  // PluginError(kInvalidValue, name) naming the part.
  std::vector<long long> RequireIdList(std::string_view name) const;

  const std::map<std::string, std::string, std::less<>>& params() const { return params_.values; }
  std::optional<std::string_view> Cookie(std::string_view name) const;
  const std::string& remote_addr() const { return remote_addr_; }
  // The User-Agent as text to show: valid UTF-8 without control characters, at most 200 bytes
  // ("" when it was not valid UTF-8).
  const std::string& client() const { return client_; }
  bool https() const { return https_; }
  // A browser's request made by another site's page: Sec-Fetch-Site says cross-site or
  // same-site, or an Origin names another host than the Host header. API clients send neither
  // header, so this is false for them.
  bool CrossSite() const { return cross_site_; }
  // The token of an "Authorization: Bearer TOKEN" header, or nullopt.
  std::optional<std::string_view> BearerToken() const;

  const Caller& caller() const { return caller_; }
  void set_caller(Caller caller) { caller_ = std::move(caller); }

  // For the browser panel, which runs a function again with other parameters (the list after a
  // failed action, the form after a rejected submit). Values are taken as already validated.
  void Set(const std::string& name, std::string value) { params_.values[name] = std::move(value); }
  void Erase(std::string_view name);

 private:
  ParsedParams params_;
  std::string host_;
  std::map<std::string, std::string, std::less<>> cookies_;
  std::string remote_addr_;
  std::string client_;
  std::string method_ = "GET";
  bool https_ = false;
  bool browser_ = false;
  bool cross_site_ = false;
  std::string authorization_;
  Caller caller_;
};

}  // namespace resellermgr::core
