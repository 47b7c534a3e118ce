#include "changes/outbox.h"

#include <cppconn/exception.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "base/log.h"
#include "changes/http_post.h"
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
  const std::string body = SignedBody(event.id, event.payload, std::time(nullptr));
  return PostJson(config_.webhook_url,
                  {"X-Resellermgr-Event: " + event.kind,
                   "X-Resellermgr-Delivery: " + std::to_string(event.id),
                   "X-Resellermgr-Signature: sha256=" +
                       util::HexEncode(util::HmacSha256(config_.webhook_secret, body))},
                  body, {.timeout_seconds = kOutboxSendSeconds})
      .error;
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
