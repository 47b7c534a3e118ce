#pragma once
// One JSON POST by libcurl, the way every delivery after commit sends one (the outbox's webhook,
// the webhooks per account): a bounded time, no signals, http and https only, the answer's body
// dropped, redirects never followed.

#include <sys/socket.h>

#include <functional>
#include <string>
#include <vector>

namespace resellermgr::changes {

struct PostOptions {
  int timeout_seconds = 5;
  // Each address a connection is about to be opened to: a reason refuses it (and is the post's
  // error), "" lets it. Empty: every address goes.
  std::function<std::string(const sockaddr*)> check_address;
  bool proxy_from_environment = true;  // false: never through an http_proxy of the environment
};

struct PostResult {
  std::string error;  // "" for a 2xx answer; else "HTTP 503", libcurl's words, or the refusal
  long status = 0;    // the answer's HTTP status (0: none came)
};

// POSTs `body` to `url` as application/json with `headers` ("Name: value") besides.
PostResult PostJson(const std::string& url, const std::vector<std::string>& headers,
                    const std::string& body, const PostOptions& options);

}  // namespace resellermgr::changes
