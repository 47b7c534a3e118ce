#include "changes/outbox.h"

#include <cppconn/exception.h>
#include <curl/curl.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "base/log.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "util/crypto.h"

namespace resellermgr::changes {
namespace {

constexpr char kDue[] = R"sql(
    SELECT id, kind, payload, attempts FROM outbox_event
    WHERE delivered_at IS NULL AND next_attempt_at <= UTC_TIMESTAMP(6) AND attempts < ?
    ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)sql";
constexpr auto kDueColumns = db::Columns::Of(kDue);
constexpr char kClaim[] = R"sql(
    UPDATE outbox_event SET next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, claimed_by = ?
    WHERE id = ?)sql";
constexpr char kDelivered[] = R"sql(
    UPDATE outbox_event SET delivered_at = UTC_TIMESTAMP(6), attempts = attempts + 1,
                            last_error = ?
    WHERE id = ?)sql";
constexpr char kFailed[] = R"sql(
    UPDATE outbox_event SET attempts = attempts + 1, last_error = ?, )sql" RM_BACKOFF R"sql(
    WHERE id = ?)sql";
// Events stay event_keep_days for the feed (delivered to webhook_url or not); their webhook
// deliveries go with them (sql/056).
constexpr char kSweep[] = R"sql(
    DELETE FROM outbox_event
    WHERE created_at < UTC_TIMESTAMP(6) - INTERVAL ? DAY AND seq IS NOT NULL LIMIT 1000)sql";

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

}  // namespace

// The event's id and the time of this attempt go inside the signed body (issue 20): a receiver
// drops an id it has seen and a time too old, so a captured delivery cannot be replayed. A
// payload that is not a JSON object (none is today) is sent as it is.
std::string SignedBody(long long id, const std::string& payload, std::int64_t sent_at) {
  nlohmann::ordered_json body = nlohmann::ordered_json::parse(payload, nullptr, false);
  if (!body.is_object()) return payload;
  body["event_id"] = id;
  body["sent_at"] = sent_at;
  return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string OutboxQueue::Send(const Item& event, std::string& note) const {
  if (config_.webhook_url.empty()) {
    note = "no webhook_url configured";
    return {};
  }
  const long long id = event.id;
  const std::string& kind = event.kind;
  const std::string& payload = event.payload;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return "curl_easy_init failed";
  const std::string body = SignedBody(id, payload, std::time(nullptr));
  const std::string signature = "X-Resellermgr-Signature: sha256=" +
                                util::HexEncode(util::HmacSha256(config_.webhook_secret, body));
  curl_slist* headers = nullptr;
  for (const std::string& header :
       {std::string("Content-Type: application/json"), "X-Resellermgr-Event: " + kind,
        "X-Resellermgr-Delivery: " + std::to_string(id), signature})
    headers = curl_slist_append(headers, header.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> owned(headers, &curl_slist_free_all);
  curl_easy_setopt(curl.get(), CURLOPT_URL, config_.webhook_url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(kOutboxSendSeconds));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &Discard);
  const CURLcode result = curl_easy_perform(curl.get());
  if (result != CURLE_OK) return curl_easy_strerror(result);
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) return "HTTP " + std::to_string(status);
  return {};
}

std::vector<OutboxQueue::Item> OutboxQueue::TakeDue(int batch) {
  std::vector<Item> due;
  auto rows = db::Select(db::Query(connection_, kDue, config_.outbox_max_attempts, batch));
  while (rows->next()) {
    due.push_back({rows->getInt64(kDueColumns["id"]), rows->getString(kDueColumns["kind"]),
                   rows->getString(kDueColumns["payload"])});
  }
  return due;
}

void OutboxQueue::Claim(const Item& event, int seconds, const std::string& host) {
  db::Query(connection_, kClaim, seconds, host, event.id).executeUpdate();
}

void OutboxQueue::Sent(const Item& event, const std::string& note) {
  db::Query(connection_, kDelivered, note, event.id).executeUpdate();
}

void OutboxQueue::Failed(const Item& event, const std::string& error) {
  db::Query(connection_, kFailed, error, config_.outbox_retry_seconds, event.id).executeUpdate();
}

// A sweep that deadlocks with the inserts of requests (1213) waits for the next minute.
void OutboxQueue::Sweep() {
  try {
    db::Query(connection_, kSweep, config_.event_keep_days).executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != db::kDeadlock && e.getErrorCode() != 1205) throw;
  }
}

}  // namespace resellermgr::changes
