#include "changes/event_log.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>

#include "db/columns.h"
#include "db/transaction.h"

namespace resellermgr::changes {
namespace {

constexpr char kLockCounter[] = "SELECT last_seq FROM event_seal WHERE id = 1 FOR UPDATE";
constexpr auto kLockCounterColumns = db::Columns::Of(kLockCounter);
// Rows of transactions still open are locked by them and skipped: they are numbered by a later
// pass, after they commit.
constexpr char kUnsealed[] = R"sql(
    SELECT id FROM outbox_event WHERE seq IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)sql";
constexpr auto kUnsealedColumns = db::Columns::Of(kUnsealed);
constexpr char kSetCounter[] = "UPDATE event_seal SET last_seq = ? WHERE id = 1";

#define RM_EVENT                                                                          \
  "SELECT e.seq, DATE_FORMAT(e.created_at, '%Y-%m-%d %H:%i:%s') AS at, e.kind, e.target," \
  " e.subject_path, e.payload FROM outbox_event e"
// The subtree at a path: binds the path twice ("" for every event).
#define RM_EVENT_OF_SUBTREE " (? = '' OR e.subject_path LIKE CONCAT(?, '%'))"
constexpr char kAfter[] =
    RM_EVENT " WHERE e.seq > ? AND" RM_EVENT_OF_SUBTREE " ORDER BY e.seq LIMIT ?";
constexpr auto kEventColumns = db::Columns::Of(kAfter);
constexpr char kLatest[] =
    RM_EVENT " WHERE e.seq IS NOT NULL AND" RM_EVENT_OF_SUBTREE " ORDER BY e.seq DESC LIMIT ?";
static_assert(db::Columns::Of(kLatest)["payload"] == kEventColumns["payload"]);
constexpr char kLastSealed[] = "SELECT last_seq FROM event_seal WHERE id = 1";
constexpr auto kLastSealedColumns = db::Columns::Of(kLastSealed);

std::vector<Event> Read(sql::PreparedStatement& statement) {
  constexpr const db::Columns& k = kEventColumns;
  std::vector<Event> events;
  auto rows = db::Select(statement);
  while (rows->next()) {
    events.push_back({rows->getInt64(k["seq"]), rows->getString(k["at"]),
                      rows->getString(k["kind"]), rows->getString(k["target"]),
                      rows->getString(k["subject_path"]), rows->getString(k["payload"])});
  }
  return events;
}

}  // namespace

int SealEvents(db::Connection& connection) {
  connection.EnsureConnected();
  db::Transaction tx(connection);
  auto counter = db::Select(connection.Prepare(kLockCounter));
  if (!counter->next()) return 0;  // a database without sql/056: nothing to number
  long long last = counter->getInt64(kLockCounterColumns["last_seq"]);
  std::vector<long long> ids;
  auto rows = db::Select(db::Query(connection, kUnsealed, kSealBatch));
  while (rows->next()) ids.push_back(rows->getInt64(kUnsealedColumns["id"]));
  if (ids.empty()) return 0;
  // One statement numbers them all, in id order (the ids are the database's own numbers).
  std::string sql = "UPDATE outbox_event SET seq = (@rm_seq := @rm_seq + 1) WHERE id IN (";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) sql += ',';
    sql += std::to_string(ids[i]);
  }
  sql += ") ORDER BY id";
  connection.Execute("SET @rm_seq = " + std::to_string(last));
  connection.Execute(sql);
  last += static_cast<long long>(ids.size());
  db::Query(connection, kSetCounter, last).executeUpdate();
  tx.Commit();
  return static_cast<int>(ids.size());
}

std::vector<Event> MySqlEventLog::After(const std::string& path, long long after, int limit) {
  return Read(db::Query(connection_, kAfter, after, path, path, limit));
}

std::vector<Event> MySqlEventLog::Latest(const std::string& path, int limit) {
  std::vector<Event> events = Read(db::Query(connection_, kLatest, path, path, limit));
  std::reverse(events.begin(), events.end());
  return events;
}

long long MySqlEventLog::LastSealed() {
  auto rows = db::Select(connection_.Prepare(kLastSealed));
  return rows->next() ? rows->getInt64(kLastSealedColumns["last_seq"]) : 0;
}

}  // namespace resellermgr::changes
