#include <cppconn/exception.h>

#include "base/errors.h"
#include "changes/idempotency_store.h"
#include "db/columns.h"

namespace resellermgr::changes {
namespace {

// This key's record when it has expired (the others go in the delivery thread's sweep, never
// in a request: issue 26), run only when the key is met again.
constexpr char kPurgeKey[] = R"sql(
    DELETE FROM idempotency_record WHERE login_id = ? AND idem_key = ?
      AND created_at < UTC_TIMESTAMP(6) - INTERVAL 1 DAY)sql";
constexpr char kPurge[] =
    "DELETE FROM idempotency_record WHERE created_at < UTC_TIMESTAMP(6) - INTERVAL 1 DAY LIMIT ?";
constexpr char kInsert[] = R"sql(
    INSERT INTO idempotency_record (login_id, idem_key, func, params_hash, reply, created_at)
    VALUES (?, ?, ?, ?, NULL, UTC_TIMESTAMP(6)))sql";
constexpr char kSelect[] = R"sql(
    SELECT func, params_hash, COALESCE(reply, '') AS reply FROM idempotency_record
    WHERE login_id = ? AND idem_key = ?)sql";
constexpr auto kRecordRow = db::Columns::Of(kSelect);
constexpr char kFinish[] =
    "UPDATE idempotency_record SET reply = ? WHERE login_id = ? AND idem_key = ?";

constexpr int kDuplicateKey = 1062;

}  // namespace

std::optional<IdempotencyRecord> MySqlIdempotencyStore::Claim(long long login_id,
                                                              std::string_view key,
                                                              std::string_view func,
                                                              const std::string& params_hash) {
  // A new key (nearly every change) costs the insert alone. A key seen before is purged first
  // when its record has expired, and claimed again; else the record is live and is returned.
  const auto insert = [&] {
    try {
      sql::PreparedStatement& statement = db::Query(connection_, kInsert, login_id, key, func);
      statement.setString(4, sql::SQLString(params_hash.data(), params_hash.size()));
      statement.executeUpdate();
      return true;
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() != kDuplicateKey) throw;
      return false;
    }
  };
  if (insert()) return std::nullopt;
  if (db::Query(connection_, kPurgeKey, login_id, key).executeUpdate() > 0 && insert())
    return std::nullopt;
  auto rows = db::Select(db::Query(connection_, kSelect, login_id, key));
  if (!rows->next()) {  // gone between the two statements (a sweep): claimed on the next try
    throw base::PluginError(base::ErrorKind::kConflict, "idempotency_key", std::string(key),
                            "the key's record changed meanwhile; send the request again");
  }
  return IdempotencyRecord{rows->getString(kRecordRow["func"]),
                           rows->getString(kRecordRow["params_hash"]),
                           rows->getString(kRecordRow["reply"])};
}

int MySqlIdempotencyStore::Sweep() {
  try {
    return db::Query(connection_, kPurge, kIdempotencySweepBatch).executeUpdate();
  } catch (const sql::SQLException& e) {
    // A sweep that deadlocks with the claims of requests waits for the next pass.
    if (e.getErrorCode() != db::kDeadlock && e.getErrorCode() != 1205) throw;
    return 0;
  }
}

void MySqlIdempotencyStore::Finish(long long login_id, std::string_view key,
                                   const std::string& reply) {
  db::Query(connection_, kFinish, reply, login_id, key).executeUpdate();
}

}  // namespace resellermgr::changes
