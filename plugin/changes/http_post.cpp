#include "changes/http_post.h"

#include <curl/curl.h>

#include <memory>

namespace resellermgr::changes {
namespace {

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

struct SocketCheck {
  const PostOptions* options;
  std::string refused;
};

curl_socket_t OpenSocket(void* data, curlsocktype purpose, curl_sockaddr* address) {
  auto* check = static_cast<SocketCheck*>(data);
  if (purpose == CURLSOCKTYPE_IPCXN) {
    if (std::string problem = check->options->check_address(&address->addr); !problem.empty()) {
      check->refused = std::move(problem);
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

}  // namespace

PostResult PostJson(const std::string& url, const std::vector<std::string>& headers,
                    const std::string& body, const PostOptions& options) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return {"curl_easy_init failed", 0};
  curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
  for (const std::string& header : headers) list = curl_slist_append(list, header.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> owned(list, &curl_slist_free_all);
  SocketCheck check{&options, {}};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options.timeout_seconds));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is an answer, not a way in
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Discard);
  if (!options.proxy_from_environment) curl_easy_setopt(c, CURLOPT_PROXY, "");
  if (options.check_address) {
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, &OpenSocket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &check);
  }
  const CURLcode result = curl_easy_perform(c);
  if (!check.refused.empty()) return {check.refused, 0};
  if (result != CURLE_OK) return {curl_easy_strerror(result), 0};
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) return {"HTTP " + std::to_string(status), status};
  return {"", status};
}

}  // namespace resellermgr::changes
