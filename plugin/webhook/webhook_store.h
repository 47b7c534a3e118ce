#pragma once
// The webhooks of the accounts (sql/056): subscriptions to the events of an account's subtree,
// their deliveries, and the fan-out that hands each sealed event to the webhooks that take it.

#include <optional>
#include <string>
#include <vector>

#include "tenancy/tenancy.h"

namespace resellermgr::db {
class Connection;
}

namespace resellermgr::webhook {

struct Webhook {
  long long id = 0, account_id = 0;
  std::string owner, url, events, description, created_at;
  bool enabled = true, allow_private = false;
  std::string previous_until;  // until when the secret it replaced still signs, or ""
  long long delivered = 0;     // deliveries that went through, kept ones
  long long failing = 0;       // not delivered after an attempt (retrying, or given up)
  std::string last_attempt;    // when the latest attempt was, or ""
  int last_code = 0;           // its HTTP status (0: none, or no answer)
};

// What a webhook's form saves (the secret only when it is made).
struct WebhookFields {
  std::string url, events, description;
  bool enabled = true, allow_private = false;
};

struct Delivery {
  long long id = 0, event = 0;  // event: the event's number in the feed
  std::string kind, created_at, last_attempt, delivered_at, error;
  int attempts = 0, code = 0;
  std::string state;  // pending, delivered, failing, given_up
};

class MySqlWebhookStore {
 public:
  explicit MySqlWebhookStore(db::Connection& connection) : connection_(connection) {}

  // The webhooks of the accounts in `reach` (the caller's own and those below it).
  std::vector<Webhook> List(const tenancy::Reach& reach);
  std::optional<Webhook> Find(const tenancy::Reach& reach, long long id);
  long long Create(long long account_id, const WebhookFields& fields, const std::string& secret);
  void Update(long long id, const WebhookFields& fields);
  // A new secret; the one it replaces still signs (beside it) for `overlap_hours`.
  void Rotate(long long id, const std::string& secret, int overlap_hours);
  void Delete(long long id);

  // A webhook's latest deliveries, newest first.
  std::vector<Delivery> Deliveries(long long webhook_id, int max_attempts, int limit);
  // Makes these deliveries of the webhook due now, from a first attempt again (delivered ones
  // are sent again too). Returns how many of the ids were its.
  int Resend(long long webhook_id, const std::vector<long long>& ids);

  // Hands the next sealed events (up to `batch`) to the enabled webhooks that take them: one
  // delivery each, in one transaction with the fan-out's place. Returns how many events it read.
  int FanOut(int batch);

 private:
  db::Connection& connection_;
};

using WebhookStore = MySqlWebhookStore;

}  // namespace resellermgr::webhook
