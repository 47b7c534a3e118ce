#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include "broadcast/broadcast_store.h"
#include "core/caller.h"
#include "db/columns.h"
#include "db/connection.h"

namespace resellermgr::broadcast {
namespace {

// The audience: users below the sender (any for an admin), narrowed. Binds reach.admin,
// reach.below, subtree (or '%'), preset twice, status twice.
#define RM_AUDIENCE \
  " FROM account a WHERE a.level = " RM_LEVEL_USER                                  \
  " AND a.own_client = 0 AND a.deleted_at IS NULL AND " RM_BELOW_OR_ADMIN("a")      \
  " AND a.tree_path LIKE ? AND (? = '' OR a.preset = ?)"                            \
  " AND (? = '' OR a.suspended = (? = 'suspended'))"

constexpr char kCount[] = "SELECT COUNT(*) AS n" RM_AUDIENCE;
constexpr auto kCountColumns = db::Columns::Of(kCount);
constexpr char kInsert[] = R"sql(
    INSERT INTO broadcast (account_id, sender, sender_account, subject, body, audience)
    VALUES (?, ?, ?, ?, ?, ?))sql";
constexpr char kRecipients[] =
    "INSERT INTO broadcast_recipient (broadcast_id, account_id) SELECT ?, a.id" RM_AUDIENCE;
constexpr char kTotal[] = "UPDATE broadcast SET total = ? WHERE id = ?";

// Progress from the recipients' rows and their mail: sent, waiting (queued or retrying),
// given up.
#define RM_PROGRESS                                                                           \
  "SELECT b.id, b.subject, b.audience, b.total,"                                              \
  " DATE_FORMAT(b.created_at, '%Y-%m-%d %H:%i:%s') AS created_at,"                            \
  " COALESCE(DATE_FORMAT(b.finished_at, '%Y-%m-%d %H:%i:%s'), '') AS finished_at,"            \
  " (SELECT COUNT(*) FROM broadcast_recipient r WHERE r.broadcast_id = b.id"                  \
  "   AND r.done_at IS NOT NULL) AS done,"                                                    \
  " (SELECT COUNT(*) FROM broadcast_recipient r JOIN mail_message m ON m.id = r.mail_id"      \
  "   WHERE r.broadcast_id = b.id AND m.sent_at IS NOT NULL) AS mailed,"                      \
  " (SELECT COUNT(*) FROM broadcast_recipient r JOIN mail_message m ON m.id = r.mail_id"      \
  "   WHERE r.broadcast_id = b.id AND m.sent_at IS NULL AND m.failed_at IS NULL) AS waiting," \
  " (SELECT COUNT(*) FROM broadcast_recipient r JOIN mail_message m ON m.id = r.mail_id"      \
  "   WHERE r.broadcast_id = b.id AND m.failed_at IS NOT NULL) AS failed"                     \
  " FROM broadcast b WHERE b.account_id = ?"
constexpr char kList[] = RM_PROGRESS " ORDER BY b.id DESC LIMIT 200";
constexpr auto kListColumns = db::Columns::Of(kList);
constexpr char kFind[] = RM_PROGRESS " AND b.id = ?";
static_assert(db::Columns::Of(kFind)["failed"] == kListColumns["failed"]);

constexpr char kDue[] = R"sql(
    SELECT r.broadcast_id, r.account_id, b.account_id AS sender_account_id, b.sender,
           b.sender_account, b.subject, b.body
    FROM broadcast_recipient r JOIN broadcast b ON b.id = r.broadcast_id
    WHERE r.done_at IS NULL
    ORDER BY r.done_at, r.broadcast_id, r.account_id LIMIT ? FOR UPDATE SKIP LOCKED)sql";
constexpr auto kDueColumns = db::Columns::Of(kDue);
constexpr char kDone[] = R"sql(
    UPDATE broadcast_recipient SET done_at = UTC_TIMESTAMP(6), ticket_id = NULLIF(?, 0),
                                   mail_id = NULLIF(?, 0)
    WHERE broadcast_id = ? AND account_id = ?)sql";
constexpr char kFinish[] = R"sql(
    UPDATE broadcast b SET finished_at = UTC_TIMESTAMP(6)
    WHERE b.id = ? AND b.finished_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM broadcast_recipient r
                      WHERE r.broadcast_id = b.id AND r.done_at IS NULL))sql";

void BindAudience(sql::PreparedStatement& statement, int first, const tenancy::Reach& reach,
                  const Audience& audience) {
  statement.setBoolean(first, reach.admin);
  statement.setString(first + 1, reach.below);
  statement.setString(first + 2, audience.subtree.empty() ? "%" : audience.subtree);
  statement.setString(first + 3, audience.preset);
  statement.setString(first + 4, audience.preset);
  statement.setString(first + 5, audience.status);
  statement.setString(first + 6, audience.status);
}

Progress Row(sql::ResultSet& rows) {
  constexpr const db::Columns& k = kListColumns;
  Progress p;
  p.id = rows.getInt64(k["id"]);
  p.subject = rows.getString(k["subject"]);
  p.audience = rows.getString(k["audience"]);
  p.total = rows.getInt64(k["total"]);
  p.created_at = rows.getString(k["created_at"]);
  p.finished_at = rows.getString(k["finished_at"]);
  p.done = rows.getInt64(k["done"]);
  p.mailed = rows.getInt64(k["mailed"]);
  p.mail_waiting = rows.getInt64(k["waiting"]);
  p.mail_failed = rows.getInt64(k["failed"]);
  return p;
}

}  // namespace

long long MySqlBroadcastStore::Count(const tenancy::Reach& reach, const Audience& audience) {
  sql::PreparedStatement& count = connection_.Prepare(kCount);
  BindAudience(count, 1, reach, audience);
  auto rows = db::Select(count);
  rows->next();
  return rows->getInt64(kCountColumns["n"]);
}

long long MySqlBroadcastStore::Create(const tenancy::Reach& reach, const Audience& audience,
                                      const NewBroadcast& b, long long& total) {
  db::Query(connection_, kInsert, b.account_id, b.sender, b.sender_account, b.subject, b.body,
            b.audience)
      .executeUpdate();
  const long long id = connection_.LastInsertId();
  sql::PreparedStatement& recipients = connection_.Prepare(kRecipients);
  recipients.setInt64(1, id);
  BindAudience(recipients, 2, reach, audience);
  total = recipients.executeUpdate();
  db::Query(connection_, kTotal, total, id).executeUpdate();
  return id;
}

std::vector<Progress> MySqlBroadcastStore::List(long long account_id) {
  std::vector<Progress> list;
  auto rows = db::Select(db::Query(connection_, kList, account_id));
  while (rows->next()) list.push_back(Row(*rows));
  return list;
}

std::optional<Progress> MySqlBroadcastStore::Find(long long account_id, long long id) {
  auto rows = db::Select(db::Query(connection_, kFind, account_id, id));
  if (!rows->next()) return std::nullopt;
  return Row(*rows);
}

std::vector<Due> MySqlBroadcastStore::TakeDue(int batch) {
  std::vector<Due> due;
  auto rows = db::Select(db::Query(connection_, kDue, batch));
  constexpr const db::Columns& k = kDueColumns;
  while (rows->next()) {
    due.push_back({rows->getInt64(k["broadcast_id"]), rows->getInt64(k["account_id"]),
                   rows->getInt64(k["sender_account_id"]), rows->getString(k["sender"]),
                   rows->getString(k["sender_account"]), rows->getString(k["subject"]),
                   rows->getString(k["body"])});
  }
  return due;
}

void MySqlBroadcastStore::Done(const Due& due, long long ticket_id, long long mail_id) {
  db::Query(connection_, kDone, ticket_id, mail_id, due.broadcast_id, due.account_id)
      .executeUpdate();
}

bool MySqlBroadcastStore::FinishIfDone(long long id) {
  return db::Query(connection_, kFinish, id).executeUpdate() > 0;
}

}  // namespace resellermgr::broadcast
