#include "support/http_client.h"

#include <curl/curl.h>

#include <memory>
#include <stdexcept>

namespace resellermgr::testing {
namespace {

size_t AppendBody(char* data, size_t size, size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

size_t CollectHeader(char* data, size_t size, size_t count, void* target) {
  auto* response = static_cast<HttpResponse*>(target);
  std::string line(data, size * count);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (name == "set-cookie") response->set_cookies.push_back(value);
    if (name == "content-type") response->content_type = value;
    response->headers[name] = value;
  }
  return size * count;
}

HttpResponse Perform(const std::string& url, const std::string* body, const HttpOptions& options) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw std::runtime_error("curl_easy_init failed");
  HttpResponse response;
  curl_slist* headers = nullptr;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
  if (!options.cookie.empty()) curl_easy_setopt(curl.get(), CURLOPT_COOKIE, options.cookie.c_str());
  const std::string interface = "host!" + options.source_ip;
  if (!options.source_ip.empty())
    curl_easy_setopt(curl.get(), CURLOPT_INTERFACE, interface.c_str());
  const std::string accept = "Accept: " + options.accept;
  if (!options.accept.empty()) headers = curl_slist_append(headers, accept.c_str());
  for (const std::string& header : options.headers)
    headers = curl_slist_append(headers, header.c_str());
  if (body != nullptr) {
    curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(body->size()));
    const std::string type =
        "Content-Type: " + (options.content_type.empty()
                                ? std::string("application/x-www-form-urlencoded")
                                : options.content_type);
    headers = curl_slist_append(headers, type.c_str());
    headers = curl_slist_append(headers, "Expect:");
  }
  if (headers != nullptr) curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_slist* resolve = nullptr;
  for (const std::string& entry : options.resolve)
    resolve = curl_slist_append(resolve, entry.c_str());
  if (resolve != nullptr) curl_easy_setopt(curl.get(), CURLOPT_RESOLVE, resolve);
  if (!options.ca_file.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_CAINFO, options.ca_file.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_CERTINFO, 1L);
  }
  const CURLcode code = curl_easy_perform(curl.get());
  curl_slist_free_all(headers);
  curl_slist_free_all(resolve);
  curl_certinfo* certs = nullptr;
  if (code == CURLE_OK && !options.ca_file.empty() &&
      curl_easy_getinfo(curl.get(), CURLINFO_CERTINFO, &certs) == CURLE_OK && certs != nullptr &&
      certs->num_of_certs > 0) {
    for (curl_slist* field = certs->certinfo[0]; field != nullptr; field = field->next) {
      const std::string text = field->data;
      if (text.starts_with("Subject:")) response.peer_subject = text.substr(8);
      if (text.starts_with("Issuer:")) response.peer_issuer = text.substr(7);
    }
  }
  if (code != CURLE_OK)
    throw std::runtime_error(std::string("HTTP request failed: ") + curl_easy_strerror(code));
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace

pugi::xml_document HttpResponse::Xml() const {
  pugi::xml_document doc;
  pugi::xml_parse_result result = doc.load_buffer(body.data(), body.size());
  if (!result) throw std::runtime_error("reply is not XML: " + body.substr(0, 300));
  return doc;
}

nlohmann::json HttpResponse::Json() const { return nlohmann::json::parse(body); }

HttpResponse HttpGet(const std::string& url, const HttpOptions& options) {
  return Perform(url, nullptr, options);
}

HttpResponse HttpPost(const std::string& url, const std::string& body, const HttpOptions& options) {
  return Perform(url, &body, options);
}

std::string UrlEncode(const std::string& text) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  std::unique_ptr<char, decltype(&curl_free)> encoded(
      curl_easy_escape(curl.get(), text.data(), static_cast<int>(text.size())), curl_free);
  return encoded.get();
}

std::string LogIn(const std::string& base_url, const std::string& user,
                  const std::string& password) {
  HttpResponse response =
      HttpGet(base_url + "/ispmgr?out=xml&func=auth&username=" + UrlEncode(user) +
              "&password=" + UrlEncode(password));
  pugi::xml_document doc = response.Xml();
  std::string id = doc.child("doc").child("auth").attribute("id").value();
  if (id.empty()) throw std::runtime_error("login failed: " + response.body);
  return id;
}

}  // namespace resellermgr::testing
