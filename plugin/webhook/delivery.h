#pragma once
// The webhooks' background work, on the delivery thread: the fan-out hands sealed events to the
// webhooks that take them (webhook_store.h), and the deliveries go out through the delivery
// engine (changes/delivery.h: claimed with a lease, sent after commit, retried with backoff).
//
// What a receiver gets: a POST of the event's JSON with its number in the feed (`event_id`, the
// same as `event`'s `id`) and the attempt's time (`sent_at`) inside, and the headers
//   X-Resellermgr-Event: the kind         X-Resellermgr-Event-Id: the number
//   X-Resellermgr-Delivery: this delivery's id (the same on every attempt)
//   X-Resellermgr-Signature: t=SENT_AT,v1=HEX[,v1=HEX]
// where HEX is HMAC-SHA256 of "SENT_AT.BODY" under the webhook's secret (a second v1, under
// the secret it replaced, while a rotation's overlap lasts). A receiver drops a time too old
// and an id it has seen: a captured delivery cannot be replayed, a repeated one is a duplicate.

#include <cstdint>
#include <string>

namespace resellermgr {
struct Deps;
}

namespace resellermgr::webhook {

inline constexpr int kFanOutBatch = 500;   // events one fan-out pass reads
inline constexpr int kDeliveryBatch = 20;  // deliveries one pass sends
inline constexpr int kSendSeconds = 5;     // the longest one delivery may take

// The signature header's value for `body` sent at `sent_at` under `secret` (and `previous`,
// when not empty).
std::string Signature(const std::string& secret, const std::string& previous, std::int64_t sent_at,
                      const std::string& body);

bool FanOutEvents(const Deps& deps);
bool DeliverWebhooks(const Deps& deps);

}  // namespace resellermgr::webhook
