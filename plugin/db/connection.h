#pragma once
// One worker's MySQL/MariaDB connection (Connector/C++ 1.1). Not thread-safe: each worker thread
// owns exactly one. Prepared statements are cached per connection and dropped on reconnect.
//
// On connect the session is pinned to STRICT_ALL_TABLES, utf8mb4, UTC and READ COMMITTED (the
// stores take row locks explicitly with SELECT ... FOR UPDATE). Auto-reconnect is never enabled:
// EnsureConnected() reconnects between requests only, never inside a transaction.
//
// Several database nodes (DbSettings::nodes, a Galera cluster): the connection is to the first
// that answers and is ready, in order of preference. A node that failed (refused, lost, not
// in the cluster's primary component) is passed over for failback_seconds, then tried first
// again. On a Galera node the request's first statement (after EnsureConnected, which starts
// every request) waits until the node has applied what the cluster committed before it
// (sync_wait), so the request reads it: a first SELECT carries the wait itself (SET STATEMENT
// wsrep_sync_wait = N FOR SELECT ...), anything else is preceded by one causal SELECT 1. So a
// request executes its statements in the order it prepares them (as every store does).

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <chrono>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/config.h"
#include "db/carried_check.h"

namespace resellermgr::db {

class Connection {
 public:
  Connection(sql::Driver& driver, base::DbSettings settings);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects if there is no live connection; a connection idle for over a second is pinged
  // first. Call it between requests, never inside a transaction. Throws PluginError(kInternal,
  // "database") when the server cannot be reached.
  void EnsureConnected();
  // Called after a connection-level error (2006, 2013, ...): the next EnsureConnected reconnects.
  void MarkBroken();

  // A cached prepared statement for `sql` (keyed by the text), parameters cleared. The cache
  // keeps the DbSettings::statement_cache_size most recently used; a reference stays valid
  // until that many other statements have been prepared after it.
  sql::PreparedStatement& Prepare(const char* sql);
  std::size_t cached_statements() const { return statements_.size(); }
  // An uncached statement, for texts that vary (IN lists of any length).
  std::unique_ptr<sql::PreparedStatement> PrepareUncached(const std::string& sql);
  // Runs a statement without parameters (DDL, SET, ...).
  void Execute(const std::string& sql);

  sql::Connection& raw();
  bool in_transaction() const { return transaction_depth_ > 0; }
  // One of `count` shards of a row split so writers seldom meet (audit chains, level counts,
  // system wallets). On a Galera node, one congruent to the node's place in the cluster (its
  // auto_increment_offset, which Galera sets, modulo the cluster's size): transactions on
  // different nodes never write the same shard, so they never fail certification over it;
  // within a node, or on a single server, any at random.
  int Shard(int count);
  // The shards (0 .. count-1) Shard draws from on this connection: all of them on a single
  // server, this node's share on Galera. A background pass that works shard by shard (the audit
  // seal) takes these, so two hosts' passes seldom meet.
  std::vector<int> OwnShards(int count);
  // After a conflict: the node's place is read again before the next Shard (the cluster may have
  // changed, and Galera renumbered its nodes).
  void ForgetPlace() { place_known_ = false; }
  // The AUTO_INCREMENT id of this connection's last INSERT.
  long long LastInsertId();
  // The request's carried question (carried_check.h); EnsureConnected clears it. While it waits
  // for a yes, only SELECTs are prepared and no transaction starts (std::logic_error).
  CarriedCheck& carried() { return carried_; }

 private:
  friend class Transaction;
  void Connect();
  // START TRANSACTION (Transaction), outside the causality wait's first-statement rule.
  void Begin();
  // Reads this node's place in the cluster once (Shard, OwnShards).
  void KnowPlace(int count);
  // Connects to endpoints_[index] and checks the session; throws sql::SQLException.
  void ConnectTo(std::size_t index);
  // The text to run for the request's first statement `sql`: when a causality wait is still
  // owed, `sql` with the wait on it (a read) or `sql` after a standalone wait (anything else).
  const char* CatchUpFirst(const char* sql);
  sql::PreparedStatement& Cached(const char* sql);
  // Throws std::logic_error for a statement other than a SELECT while carried_ waits for a yes.
  void RefuseUnconfirmedWrite(const char* sql) const;

  sql::Driver& driver_;
  base::DbSettings settings_;
  std::vector<std::string> endpoints_;
  const std::string causal_prefix_;  // "SET STATEMENT wsrep_sync_wait = N FOR "
  const std::string catch_up_;       // the causality wait on its own
  std::string causal_text_;          // the first read of a request, with the wait on it
  bool catch_up_pending_ = false;    // EnsureConnected ran; no statement has run since
  std::size_t current_ = 0;          // the endpoint connected to
  // The endpoint that failed last, and when: passed over until failback_seconds have gone by.
  std::optional<std::size_t> failed_;
  std::chrono::steady_clock::time_point failed_at_{};
  std::unique_ptr<sql::Connection> connection_;
  struct CachedStatement {
    std::string sql;
    std::unique_ptr<sql::PreparedStatement> statement;
  };
  std::list<CachedStatement> recent_;  // most recently used first
  std::unordered_map<std::string_view, std::list<CachedStatement>::iterator> statements_;
  std::chrono::steady_clock::time_point last_used_{};
  int place_ = 0, places_ = 1;  // this node's place and their number (Shard)
  bool wsrep_ = false;          // connected to a Galera node
  bool place_known_ = false;
  bool broken_ = false;
  int transaction_depth_ = 0;
  CarriedCheck carried_;
};

// MySQL client error codes that mean the connection itself is gone, or (1047, a Galera node
// outside the primary component) that its node cannot serve: either way the next request
// needs another connection, on another node where there are several.
bool IsConnectionLost(int mysql_error_code);
// ER_LOCK_DEADLOCK: a deadlock victim, or on a Galera cluster a certification failure (another
// node committed a conflicting row first). Either way nothing of the transaction stayed.
inline constexpr int kDeadlock = 1213;

// Runs a write statement that stands alone (autocommitted, outside any transaction): one that
// lost a deadlock or, on a Galera cluster, a certification conflict changed nothing, and runs
// again (up to eight times, after PauseAfterConflict). Counters every request touches (login
// attempts, last seen) are written this way, so a conflict costs a retry of one statement, never a
// request. Inside a transaction the error goes up: the whole transaction is what runs again.
int UpdateAlone(Connection& connection, sql::PreparedStatement& statement);

// The pause before running again what lost a deadlock or a certification conflict: random, up to
// 2^(attempt+1) ms, so that the requests that collided do not collide again at once.
void PauseAfterConflict(int attempt);

// Binds values to a prepared statement, 1-based, in order.
inline void BindAt(sql::PreparedStatement& s, int i, long long v) { s.setInt64(i, v); }
inline void BindAt(sql::PreparedStatement& s, int i, long v) { s.setInt64(i, v); }
inline void BindAt(sql::PreparedStatement& s, int i, int v) { s.setInt(i, v); }
inline void BindAt(sql::PreparedStatement& s, int i, bool v) { s.setBoolean(i, v); }
inline void BindAt(sql::PreparedStatement& s, int i, const std::string& v) { s.setString(i, v); }
inline void BindAt(sql::PreparedStatement& s, int i, std::string_view v) {
  s.setString(i, sql::SQLString(v.data(), v.size()));
}
inline void BindAt(sql::PreparedStatement& s, int i, const char* v) { s.setString(i, v); }

template <typename... Args>
sql::PreparedStatement& Bind(sql::PreparedStatement& statement, const Args&... args) {
  int index = 0;
  (BindAt(statement, ++index, args), ...);
  return statement;
}

// "?, ?, ?" for an IN list of `count` values (count >= 1).
std::string Placeholders(std::size_t count);

// A LIKE pattern for "contains `text`": its own % and _ (and the escape \\) taken literally.
inline std::string LikeContains(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  return pattern + "%";
}

// Prepare + Bind in one line: db::Query(conn, kSql, a, b).executeQuery().
template <typename... Args>
sql::PreparedStatement& Query(Connection& connection, const char* sql, const Args&... args) {
  return Bind(connection.Prepare(sql), args...);
}

inline std::unique_ptr<sql::ResultSet> Select(sql::PreparedStatement& statement) {
  return std::unique_ptr<sql::ResultSet>(statement.executeQuery());
}

// The SET list of a partial UPDATE: only the columns a change carries. Column names and
// expressions come from the caller's code, never from a request; every value is bound.
class Assignments {
 public:
  // column = value, when there is a value.
  void Set(const char* column, const std::optional<std::string>& value);
  void Set(const char* column, const std::optional<long long>& value);
  void Set(const char* column, const std::optional<bool>& value);
  // An expression of its own ("rights = (SELECT ... WHERE g.id = ?)") with its values.
  void Expression(std::string expression, std::vector<std::string> values = {});
  bool empty() const { return set_.empty(); }
  // UPDATE `table` SET ... WHERE id = `id`; the rows it changed (0 when there is nothing to set).
  int Apply(Connection& connection, const char* table, long long id) const;

 private:
  std::string set_;
  std::vector<std::string> values_;
};

}  // namespace resellermgr::db
