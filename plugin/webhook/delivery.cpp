#include "webhook/delivery.h"

#include <curl/curl.h>

#include <ctime>
#include <memory>

#include "base/config.h"
#include "changes/delivery.h"
#include "changes/outbox.h"
#include "core/deps.h"
#include "db/columns.h"
#include "util/crypto.h"
#include "webhook/url_check.h"
#include "webhook/webhook_store.h"

namespace resellermgr::webhook {
namespace {

// Due deliveries of enabled webhooks, with what sending needs.
constexpr char kDue[] = R"sql(
    SELECT d.id, e.seq, e.kind, e.payload, w.url, w.allow_private, w.secret,
           IF(w.previous_until > UTC_TIMESTAMP(6), COALESCE(w.previous_secret, ''), '')
             AS previous_secret
    FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
         JOIN outbox_event e ON e.id = d.event_id
    WHERE d.delivered_at IS NULL AND d.next_attempt_at <= UTC_TIMESTAMP(6) AND d.attempts < ?
      AND w.enabled = 1
    ORDER BY d.id LIMIT ? FOR UPDATE SKIP LOCKED)sql";
constexpr auto kDueColumns = db::Columns::Of(kDue);
constexpr char kClaim[] = R"sql(
    UPDATE webhook_delivery SET next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND,
                                claimed_by = ?
    WHERE id = ?)sql";
constexpr char kSent[] = R"sql(
    UPDATE webhook_delivery SET delivered_at = UTC_TIMESTAMP(6), attempts = attempts + 1,
                                last_attempt_at = UTC_TIMESTAMP(6), response_code = ?,
                                last_error = ''
    WHERE id = ?)sql";
constexpr char kFailed[] = R"sql(
    UPDATE webhook_delivery SET attempts = attempts + 1, last_attempt_at = UTC_TIMESTAMP(6),
                                response_code = ?, last_error = ?, )sql" RM_BACKOFF R"sql(
    WHERE id = ?)sql";

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

// Every connection a delivery opens is checked where it goes (the name may resolve elsewhere
// than when the URL was saved): not public, and not allowed, it is never opened.
struct SocketCheck {
  bool allow_private = false;
  std::string refused;  // why a connection was not opened
};

curl_socket_t OpenSocket(void* data, curlsocktype purpose, curl_sockaddr* address) {
  auto* check = static_cast<SocketCheck*>(data);
  if (purpose == CURLSOCKTYPE_IPCXN && !check->allow_private) {
    if (const std::string problem = AddressProblem(&address->addr); !problem.empty()) {
      check->refused = "refused to connect: the address is " + problem;
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

class WebhookQueue {
 public:
  struct Item {
    long long id = 0, seq = 0;
    std::string kind, payload, url, secret, previous_secret;
    bool allow_private = false;
  };
  static constexpr const char* kName = "webhook delivery";

  WebhookQueue(const base::Config& config, db::Connection& connection)
      : config_(config), connection_(connection) {}
  bool Ready() const { return true; }

  std::vector<Item> TakeDue(int batch) {
    constexpr const db::Columns& k = kDueColumns;
    std::vector<Item> due;
    auto rows = db::Select(db::Query(connection_, kDue, config_.outbox_max_attempts, batch));
    while (rows->next()) {
      due.push_back({rows->getInt64(k["id"]), rows->getInt64(k["seq"]), rows->getString(k["kind"]),
                     rows->getString(k["payload"]), rows->getString(k["url"]),
                     rows->getString(k["secret"]), rows->getString(k["previous_secret"]),
                     rows->getBoolean(k["allow_private"])});
    }
    return due;
  }
  void Claim(const Item& d, int seconds, const std::string& host) {
    db::Query(connection_, kClaim, seconds, host, d.id).executeUpdate();
  }

  // Sends one delivery; its HTTP status is kept for Sent or Failed, which follow at once.
  std::string Send(const Item& d, std::string&) const {
    code_ = 0;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) return "curl_easy_init failed";
    const std::int64_t sent_at = std::time(nullptr);
    const std::string body = changes::SignedBody(d.seq, d.payload, sent_at);
    curl_slist* headers = nullptr;
    for (const std::string& header :
         {std::string("Content-Type: application/json"),
          std::string("User-Agent: resellermgr-webhook"), "X-Resellermgr-Event: " + d.kind,
          "X-Resellermgr-Event-Id: " + std::to_string(d.seq),
          "X-Resellermgr-Delivery: " + std::to_string(d.id),
          "X-Resellermgr-Signature: " + Signature(d.secret, d.previous_secret, sent_at, body)})
      headers = curl_slist_append(headers, header.c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> owned(headers,
                                                                      &curl_slist_free_all);
    SocketCheck check{d.allow_private, {}};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, d.url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(kSendSeconds));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is an answer, not a way in
    curl_easy_setopt(c, CURLOPT_PROXY, "");           // never through a proxy from the environment
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, &OpenSocket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &check);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Discard);
    const CURLcode result = curl_easy_perform(c);
    if (!check.refused.empty()) return check.refused;
    if (result != CURLE_OK) return curl_easy_strerror(result);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    code_ = static_cast<int>(status);
    if (status < 200 || status >= 300) return "HTTP " + std::to_string(status);
    return {};
  }
  void Sent(const Item& d, const std::string&) {
    db::Query(connection_, kSent, code_, d.id).executeUpdate();
  }
  void Failed(const Item& d, const std::string& error) {
    db::Query(connection_, kFailed, code_, error, config_.outbox_retry_seconds, d.id)
        .executeUpdate();
  }
  void Sweep() {}  // deliveries go with their events (outbox sweep, sql/056's cascade)
  static long long Id(const Item& d) { return d.id; }

 private:
  const base::Config& config_;
  db::Connection& connection_;
  mutable int code_ = 0;  // the last Send's HTTP status
};

}  // namespace

std::string Signature(const std::string& secret, const std::string& previous, std::int64_t sent_at,
                      const std::string& body) {
  const std::string signed_text = std::to_string(sent_at) + "." + body;
  std::string header = "t=" + std::to_string(sent_at) +
                       ",v1=" + util::HexEncode(util::HmacSha256(secret, signed_text));
  if (!previous.empty())
    header += ",v1=" + util::HexEncode(util::HmacSha256(previous, signed_text));
  return header;
}

bool FanOutEvents(const Deps& deps) {
  return deps.Get<WebhookStore>().FanOut(kFanOutBatch) == kFanOutBatch;
}

bool DeliverWebhooks(const Deps& deps) {
  WebhookQueue queue(deps.config, deps.db);
  changes::Deliverer<WebhookQueue> deliverer(deps.db, queue, kDeliveryBatch, kSendSeconds);
  return deliverer.DeliverFullBatch();
}

}  // namespace resellermgr::webhook
