#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <set>

#include "core/caller.h"
#include "db/columns.h"
#include "db/connection.h"
#include "db/transaction.h"
#include "webhook/patterns.h"
#include "webhook/webhook_store.h"

namespace resellermgr::webhook {
namespace {

// A webhook with what its deliveries say. Binds the reach.
#define RM_WEBHOOK                                                                         \
  "SELECT w.id, w.account_id, o.name AS owner, w.url, w.events, w.description, w.enabled," \
  " w.allow_private, DATE_FORMAT(w.created_at, '%Y-%m-%d %H:%i:%s') AS created_at,"        \
  " IF(w.previous_until > UTC_TIMESTAMP(6),"                                               \
  "    DATE_FORMAT(w.previous_until, '%Y-%m-%d %H:%i:%s'), '') AS previous_until,"         \
  " (SELECT COUNT(*) FROM webhook_delivery d WHERE d.webhook_id = w.id"                    \
  "   AND d.delivered_at IS NOT NULL) AS delivered,"                                       \
  " (SELECT COUNT(*) FROM webhook_delivery d WHERE d.webhook_id = w.id"                    \
  "   AND d.delivered_at IS NULL AND d.attempts > 0) AS failing,"                          \
  " COALESCE((SELECT DATE_FORMAT(MAX(d.last_attempt_at), '%Y-%m-%d %H:%i:%s')"             \
  "   FROM webhook_delivery d WHERE d.webhook_id = w.id), '') AS last_attempt,"            \
  " COALESCE((SELECT d.response_code FROM webhook_delivery d WHERE d.webhook_id = w.id"    \
  "   AND d.last_attempt_at IS NOT NULL ORDER BY d.last_attempt_at DESC LIMIT 1), 0)"      \
  "   AS last_code"                                                                        \
  " FROM webhook w JOIN account o ON o.id = w.account_id"                                  \
  " WHERE o.deleted_at IS NULL AND " RM_IN_REACH("o")
constexpr char kList[] = RM_WEBHOOK " ORDER BY w.id";
constexpr auto kWebhookColumns = db::Columns::Of(kList);
constexpr char kFind[] = RM_WEBHOOK " AND w.id = ?";
static_assert(db::Columns::Of(kFind)["last_code"] == kWebhookColumns["last_code"]);

constexpr char kCreate[] = R"sql(
    INSERT INTO webhook (account_id, url, events, description, enabled, allow_private, secret)
    VALUES (?, ?, ?, ?, ?, ?, ?))sql";
constexpr char kUpdate[] = R"sql(
    UPDATE webhook SET url = ?, events = ?, description = ?, enabled = ?, allow_private = ?
    WHERE id = ?)sql";
constexpr char kRotate[] = R"sql(
    UPDATE webhook SET previous_secret = IF(? > 0, secret, NULL),
                       previous_until = IF(? > 0, UTC_TIMESTAMP(6) + INTERVAL ? HOUR, NULL),
                       secret = ?
    WHERE id = ?)sql";
constexpr char kDelete[] = "DELETE FROM webhook WHERE id = ?";

constexpr char kDeliveries[] = R"sql(
    SELECT d.id, e.seq AS event, e.kind, d.attempts, d.response_code AS code,
           d.last_error AS error,
           DATE_FORMAT(d.created_at, '%Y-%m-%d %H:%i:%s') AS created_at,
           COALESCE(DATE_FORMAT(d.last_attempt_at, '%Y-%m-%d %H:%i:%s'), '') AS last_attempt,
           COALESCE(DATE_FORMAT(d.delivered_at, '%Y-%m-%d %H:%i:%s'), '') AS delivered_at,
           CASE WHEN d.delivered_at IS NOT NULL THEN 'delivered'
                WHEN d.attempts >= ? THEN 'given_up'
                WHEN d.attempts > 0 THEN 'failing' ELSE 'pending' END AS state
    FROM webhook_delivery d JOIN outbox_event e ON e.id = d.event_id
    WHERE d.webhook_id = ? ORDER BY d.id DESC LIMIT ?)sql";
constexpr auto kDeliveryColumns = db::Columns::Of(kDeliveries);

// The fan-out's place and how far events are sealed, the first locked (the pass's lock).
constexpr char kFanOutPlace[] = R"sql(
    SELECT f.last_seq, (SELECT s.last_seq FROM event_seal s WHERE s.id = 1) AS sealed
    FROM webhook_fanout f WHERE f.id = 1 FOR UPDATE)sql";
constexpr auto kFanOutPlaceColumns = db::Columns::Of(kFanOutPlace);
constexpr char kEvents[] = R"sql(
    SELECT e.id, e.kind, e.subject_path, e.created_at
    FROM outbox_event e WHERE e.seq > ? AND e.seq <= ?)sql";
constexpr auto kEventsColumns = db::Columns::Of(kEvents);
// The enabled webhooks of the admins (every event is theirs), and of the accounts named.
constexpr char kAdminHooks[] =
    "SELECT w.id, w.account_id, w.events, w.created_at"
    " FROM account o JOIN webhook w ON w.account_id = o.id"
    " WHERE o.level = " RM_LEVEL_ADMIN " AND o.deleted_at IS NULL AND w.enabled = 1";
constexpr auto kHookColumns = db::Columns::Of(kAdminHooks);
constexpr char kSetFanOutPlace[] = "UPDATE webhook_fanout SET last_seq = ? WHERE id = 1";

Webhook ReadWebhook(sql::ResultSet& rows) {
  constexpr const db::Columns& k = kWebhookColumns;
  Webhook w;
  w.id = rows.getInt64(k["id"]);
  w.account_id = rows.getInt64(k["account_id"]);
  w.owner = rows.getString(k["owner"]);
  w.url = rows.getString(k["url"]);
  w.events = rows.getString(k["events"]);
  w.description = rows.getString(k["description"]);
  w.enabled = rows.getBoolean(k["enabled"]);
  w.allow_private = rows.getBoolean(k["allow_private"]);
  w.created_at = rows.getString(k["created_at"]);
  w.previous_until = rows.getString(k["previous_until"]);
  w.delivered = rows.getInt64(k["delivered"]);
  w.failing = rows.getInt64(k["failing"]);
  w.last_attempt = rows.getString(k["last_attempt"]);
  w.last_code = rows.getInt(k["last_code"]);
  return w;
}

struct Hook {
  long long id, account_id;
  std::string events;
  std::string created_at;  // it takes the events made after it (same format: compared as text)
};

Hook ReadHook(sql::ResultSet& rows) {
  return {rows.getInt64(kHookColumns["id"]), rows.getInt64(kHookColumns["account_id"]),
          rows.getString(kHookColumns["events"]), rows.getString(kHookColumns["created_at"])};
}

}  // namespace

std::vector<Webhook> MySqlWebhookStore::List(const tenancy::Reach& reach) {
  std::vector<Webhook> hooks;
  auto rows = db::Select(db::Query(connection_, kList, reach.admin, reach.account_id, reach.below));
  while (rows->next()) hooks.push_back(ReadWebhook(*rows));
  return hooks;
}

std::optional<Webhook> MySqlWebhookStore::Find(const tenancy::Reach& reach, long long id) {
  auto rows =
      db::Select(db::Query(connection_, kFind, reach.admin, reach.account_id, reach.below, id));
  if (!rows->next()) return std::nullopt;
  return ReadWebhook(*rows);
}

long long MySqlWebhookStore::Create(long long account_id, const WebhookFields& f,
                                    const std::string& secret) {
  db::Query(connection_, kCreate, account_id, f.url, f.events, f.description, f.enabled,
            f.allow_private, secret)
      .executeUpdate();
  return connection_.LastInsertId();
}

void MySqlWebhookStore::Update(long long id, const WebhookFields& f) {
  db::Query(connection_, kUpdate, f.url, f.events, f.description, f.enabled, f.allow_private, id)
      .executeUpdate();
}

void MySqlWebhookStore::Rotate(long long id, const std::string& secret, int overlap_hours) {
  db::Query(connection_, kRotate, overlap_hours, overlap_hours, overlap_hours, secret, id)
      .executeUpdate();
}

void MySqlWebhookStore::Delete(long long id) {
  db::Query(connection_, kDelete, id).executeUpdate();
}

std::vector<Delivery> MySqlWebhookStore::Deliveries(long long webhook_id, int max_attempts,
                                                    int limit) {
  constexpr const db::Columns& k = kDeliveryColumns;
  std::vector<Delivery> deliveries;
  auto rows = db::Select(db::Query(connection_, kDeliveries, max_attempts, webhook_id, limit));
  while (rows->next()) {
    Delivery d;
    d.id = rows->getInt64(k["id"]);
    d.event = rows->getInt64(k["event"]);
    d.kind = rows->getString(k["kind"]);
    d.attempts = rows->getInt(k["attempts"]);
    d.code = rows->getInt(k["code"]);
    d.error = rows->getString(k["error"]);
    d.created_at = rows->getString(k["created_at"]);
    d.last_attempt = rows->getString(k["last_attempt"]);
    d.delivered_at = rows->getString(k["delivered_at"]);
    d.state = rows->getString(k["state"]);
    deliveries.push_back(std::move(d));
  }
  return deliveries;
}

int MySqlWebhookStore::Resend(long long webhook_id, const std::vector<long long>& ids) {
  if (ids.empty()) return 0;
  const std::string sql =
      "UPDATE webhook_delivery SET delivered_at = NULL, attempts = 0, claimed_by = '',"
      " next_attempt_at = UTC_TIMESTAMP(6) WHERE webhook_id = ? AND id IN (" +
      db::Placeholders(ids.size()) + ")";
  auto statement = connection_.PrepareUncached(sql);
  statement->setInt64(1, webhook_id);
  for (std::size_t i = 0; i < ids.size(); ++i) statement->setInt64(static_cast<int>(i) + 2, ids[i]);
  return statement->executeUpdate();
}

int MySqlWebhookStore::FanOut(int batch) {
  db::Transaction tx(connection_);
  auto place = db::Select(connection_.Prepare(kFanOutPlace));
  if (!place->next()) return 0;
  const long long from = place->getInt64(kFanOutPlaceColumns["last_seq"]);
  const long long sealed = place->getInt64(kFanOutPlaceColumns["sealed"]);
  const long long to = std::min(sealed, from + batch);
  if (to <= from) return 0;

  struct Event {
    long long id;
    std::string kind, created_at;
    std::vector<long long> path;  // the ids of the accounts whose subtree it is in
  };
  std::vector<Event> events;
  std::set<long long> accounts;
  {
    auto rows = db::Select(db::Query(connection_, kEvents, from, to));
    while (rows->next()) {
      Event e{rows->getInt64(kEventsColumns["id"]), rows->getString(kEventsColumns["kind"]),
              rows->getString(kEventsColumns["created_at"]),
              tenancy::PathIds(std::string(rows->getString(kEventsColumns["subject_path"])))};
      accounts.insert(e.path.begin(), e.path.end());
      events.push_back(std::move(e));
    }
  }
  // The webhooks that may take any of them: the admins', and those of the events' accounts and
  // their ancestors (a few ids per event, however many webhooks there are).
  std::vector<Hook> admin_hooks, hooks;
  {
    auto rows = db::Select(connection_.Prepare(kAdminHooks));
    while (rows->next()) admin_hooks.push_back(ReadHook(*rows));
  }
  if (!accounts.empty()) {
    const std::string sql =
        "SELECT w.id, w.account_id, w.events, w.created_at FROM webhook w"
        " JOIN account o ON o.id = w.account_id"
        " WHERE w.enabled = 1 AND o.deleted_at IS NULL AND o.level <> " RM_LEVEL_ADMIN
        " AND w.account_id IN (" +
        db::Placeholders(accounts.size()) + ")";
    auto statement = connection_.PrepareUncached(sql);
    int i = 0;
    for (long long id : accounts) statement->setInt64(++i, id);
    auto rows = db::Select(*statement);
    while (rows->next()) hooks.push_back(ReadHook(*rows));
  }
  std::vector<std::pair<long long, long long>> deliveries;  // webhook, event
  for (const Event& e : events) {
    for (const Hook& h : admin_hooks) {
      if (e.created_at >= h.created_at && Matches(h.events, e.kind))
        deliveries.emplace_back(h.id, e.id);
    }
    for (const Hook& h : hooks) {
      if (e.created_at >= h.created_at &&
          std::find(e.path.begin(), e.path.end(), h.account_id) != e.path.end() &&
          Matches(h.events, e.kind))
        deliveries.emplace_back(h.id, e.id);
    }
  }
  constexpr std::size_t kRowsPerInsert = 500;
  for (std::size_t start = 0; start < deliveries.size(); start += kRowsPerInsert) {
    const std::size_t n = std::min(kRowsPerInsert, deliveries.size() - start);
    std::string sql = "INSERT INTO webhook_delivery (webhook_id, event_id) VALUES ";
    for (std::size_t i = 0; i < n; ++i) sql += i ? ",(?,?)" : "(?,?)";
    auto statement = connection_.PrepareUncached(sql);
    for (std::size_t i = 0; i < n; ++i) {
      statement->setInt64(static_cast<int>(2 * i + 1), deliveries[start + i].first);
      statement->setInt64(static_cast<int>(2 * i + 2), deliveries[start + i].second);
    }
    statement->executeUpdate();
  }
  db::Query(connection_, kSetFanOutPlace, to).executeUpdate();
  tx.Commit();
  return static_cast<int>(to - from);
}

}  // namespace resellermgr::webhook
