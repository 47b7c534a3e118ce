#pragma once
// A small libcurl client for the http tests: real HTTP to nginx on loopback.

#include <map>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <vector>

namespace resellermgr::testing {

struct HttpOptions {
  std::string cookie;                // "name=value" sent as the Cookie header
  std::string source_ip;             // bind the client to this loopback address (per-IP throttling)
  std::string content_type;          // for POST bodies
  std::string accept;                // the Accept header ("text/html" asks for the browser panel)
  std::vector<std::string> headers;  // more request headers, "Name: value"
  // HTTPS: "host:port:address" entries a name resolves to (CURLOPT_RESOLVE, so SNI carries the
  // name), and the CA file the server's chain must verify against.
  std::vector<std::string> resolve;
  std::string ca_file;
};

struct HttpResponse {
  long status = 0;
  std::string content_type;
  std::vector<std::string> set_cookies;
  std::map<std::string, std::string> headers;  // by lower-case name (the last one of each)
  std::string body;
  std::string peer_subject, peer_issuer;  // HTTPS: the server certificate's (CURLINFO_CERTINFO)

  // Parses the body as XML and fails the test on a parse error.
  pugi::xml_document Xml() const;
  nlohmann::json Json() const;
};

HttpResponse HttpGet(const std::string& url, const HttpOptions& options = {});
HttpResponse HttpPost(const std::string& url, const std::string& body,
                      const HttpOptions& options = {});

std::string UrlEncode(const std::string& text);

// Logs in with func=auth and returns the session id.
std::string LogIn(const std::string& base_url, const std::string& user,
                  const std::string& password);

}  // namespace resellermgr::testing
