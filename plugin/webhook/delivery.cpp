#include "webhook/delivery.h"

#include <ctime>

#include "base/config.h"
#include "changes/delivery.h"
#include "changes/http_post.h"
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

  // Sends one delivery; its HTTP status is kept for Sent or Failed, which follow at once. Every
  // connection it opens is checked where it goes (the name may resolve elsewhere than when the
  // URL was saved): not public, and not allowed, it is never opened.
  std::string Send(const Item& d, std::string&) const {
    const std::int64_t sent_at = std::time(nullptr);
    const std::string body = changes::SignedBody(d.seq, d.payload, sent_at);
    changes::PostOptions options{.timeout_seconds = kSendSeconds, .proxy_from_environment = false};
    if (!d.allow_private) {
      options.check_address = [](const sockaddr* address) {
        const std::string problem = AddressProblem(address);
        return problem.empty() ? problem : "refused to connect: the address is " + problem;
      };
    }
    const changes::PostResult result = changes::PostJson(
        d.url,
        {"User-Agent: resellermgr-webhook", "X-Resellermgr-Event: " + d.kind,
         "X-Resellermgr-Event-Id: " + std::to_string(d.seq),
         "X-Resellermgr-Delivery: " + std::to_string(d.id),
         "X-Resellermgr-Signature: " + Signature(d.secret, d.previous_secret, sent_at, body)},
        body, options);
    code_ = static_cast<int>(result.status);
    return result.error;
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
