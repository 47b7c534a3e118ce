#include "db/connection.h"

#include <cppconn/exception.h>
#include <cppconn/statement.h>
#include <strings.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "base/errors.h"
#include "base/log.h"
#include "db/columns.h"
#include "util/crypto.h"

namespace resellermgr::db {

// What a new connection checks of its session (Connect).
#define RM_SESSION_CHECK                                                    \
  "@@SESSION.sql_mode AS sql_mode, @@character_set_connection AS charset, " \
  "@@SESSION.tx_isolation AS isolation"
constexpr Columns kSessionCheck{RM_SESSION_CHECK};
constexpr Columns kLastInsertId{"LAST_INSERT_ID() AS id"};

using base::ErrorKind;
using base::PluginError;

namespace {

// A connection used this recently is trusted without a ping (the "alive bypass window" of
// connection pools): under load no request pays for a ping, and a server restart, which takes
// longer than this, is still noticed before the first statement on every idle connection.
constexpr std::chrono::milliseconds kValidateAfterIdle{1000};

}  // namespace

bool IsConnectionLost(int code) {
  // CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR, CR_SERVER_GONE_ERROR, CR_SERVER_LOST,
  // CR_SERVER_LOST_EXTENDED, ER_CONNECTION_KILLED, ER_SERVER_SHUTDOWN, ER_UNKNOWN_COM_ERROR
  // (what a Galera node that lost the primary component answers: "WSREP has not yet prepared
  // node for application use")
  return code == 2002 || code == 2003 || code == 2006 || code == 2013 || code == 2055 ||
         code == 1927 || code == 1053 || code == 1047;
}

Connection::Connection(sql::Driver& driver, base::DbSettings settings)
    : driver_(driver),
      settings_(std::move(settings)),
      endpoints_(settings_.Endpoints()),
      causal_prefix_("SET STATEMENT wsrep_sync_wait = " + std::to_string(settings_.sync_wait) +
                     " FOR "),
      catch_up_(causal_prefix_ + "SELECT 1") {}

Connection::~Connection() {
  statements_.clear();  // statements must go before their connection
  recent_.clear();
}

void Connection::Connect() {
  statements_.clear();
  recent_.clear();
  connection_.reset();
  const auto now = std::chrono::steady_clock::now();
  if (failed_ && now - failed_at_ >= std::chrono::seconds(settings_.failback_seconds))
    failed_.reset();
  // The preferred order, from the first node, or from the one after the node that failed.
  const std::size_t start = failed_ ? (*failed_ + 1) % endpoints_.size() : 0;
  for (std::size_t tried = 0;; ++tried) {
    const std::size_t index = (start + tried) % endpoints_.size();
    try {
      ConnectTo(index);
      if (index != 0)
        LOG_WARNING("database: connected to " << endpoints_[index] << " (node " << index + 1
                                              << " in order of preference)");
      return;
    } catch (const sql::SQLException& e) {
      connection_.reset();
      if (endpoints_.size() == 1) throw;
      LOG_WARNING("database: " << endpoints_[index] << " failed (code=" << e.getErrorCode() << " "
                               << e.what() << ")");
      failed_ = index;
      failed_at_ = now;
      if (tried + 1 == endpoints_.size()) throw;
    }
  }
}

void Connection::ConnectTo(std::size_t index) {
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(endpoints_[index]);
  options["userName"] = settings_.user;
  options["password"] = settings_.password;
  options["schema"] = settings_.name;
  options["OPT_RECONNECT"] = false;
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  options["OPT_CONNECT_TIMEOUT"] = 3;
  options["OPT_READ_TIMEOUT"] = settings_.read_timeout_seconds;
  options["OPT_WRITE_TIMEOUT"] = 30;
  connection_.reset(driver_.connect(options));
  current_ = index;
  wsrep_ = false;
  place_known_ = false;

  std::unique_ptr<sql::Statement> statement(connection_->createStatement());
  statement->execute(
      "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
      "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00', "
      "names utf8mb4 COLLATE utf8mb4_bin");
  statement->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
  std::unique_ptr<sql::ResultSet> check(statement->executeQuery("SELECT " RM_SESSION_CHECK));
  check->next();
  if (check->getString(kSessionCheck["sql_mode"]).find("STRICT_ALL_TABLES") == std::string::npos ||
      check->getString(kSessionCheck["charset"]) != "utf8mb4" ||
      check->getString(kSessionCheck["isolation"]) != "READ-COMMITTED") {
    throw std::runtime_error("database session settings were not applied");
  }
  // A Galera node serves only while it is in the primary component and synced; its reads wait
  // for what other nodes committed before them (settings_.sync_wait).
  std::unique_ptr<sql::ResultSet> wsrep(
      statement->executeQuery("SHOW GLOBAL VARIABLES LIKE 'wsrep_on'"));
  if (wsrep->next() && wsrep->getString("Value") == "ON") {
    std::unique_ptr<sql::ResultSet> ready(
        statement->executeQuery("SHOW GLOBAL STATUS LIKE 'wsrep_ready'"));
    if (!ready->next() || ready->getString("Value") != "ON")
      throw sql::SQLException("the node is not in the cluster's primary component", "08S01", 1047);
    wsrep_ = true;
  }
  broken_ = false;
}

void Connection::EnsureConnected() {
  carried_.Clear();
  const auto now = std::chrono::steady_clock::now();
  const bool recently_used = now - last_used_ < kValidateAfterIdle;
  last_used_ = now;
  if (!connection_ || broken_ || (!recently_used && !connection_->isValid())) {
    try {
      Connect();
    } catch (const sql::SQLException& e) {
      connection_.reset();
      LOG_ERROR("database connect failed: code=" << e.getErrorCode() << " state=" << e.getSQLState()
                                                 << " " << e.what());
      throw PluginError(ErrorKind::kInternal, "database");
    }
  }
  // A Galera node first catches up with what the cluster committed before this moment (one
  // causality wait a request, not one a statement): a session opened, a password changed or a
  // token revoked through another host counts from the first statement on. The wait rides on
  // the request's first statement when that is a read (CatchUpFirst), so it costs no round trip.
  catch_up_pending_ = wsrep_ && settings_.sync_wait != 0;
}

namespace {
// A statement wsrep_sync_wait's read bit applies to, so the causality wait may ride on it.
bool IsRead(const char* sql) {
  while (*sql == ' ' || *sql == '\n' || *sql == '\t') ++sql;
  return strncasecmp(sql, "SELECT", 6) == 0;
}
}  // namespace

const char* Connection::CatchUpFirst(const char* sql) {
  if (!catch_up_pending_) return sql;
  catch_up_pending_ = false;
  if (IsRead(sql)) {
    causal_text_.assign(causal_prefix_).append(sql);
    return causal_text_.c_str();
  }
  Select(Cached(catch_up_.c_str()));
  return sql;
}

void Connection::MarkBroken() {
  broken_ = true;
  if (endpoints_.size() > 1) {  // the next connection starts at another node
    failed_ = current_;
    failed_at_ = std::chrono::steady_clock::now();
  }
}

void Connection::RefuseUnconfirmedWrite(const char* sql) const {
  if (carried_.MayWrite()) return;
  std::string_view text(sql);
  text.remove_prefix(std::min(text.find_first_not_of(" \t\r\n("), text.size()));
  if (text.size() < 6 || strncasecmp(text.data(), "SELECT", 6) != 0)
    throw std::logic_error("a write before the caller is confirmed");
}

sql::PreparedStatement& Connection::Prepare(const char* sql) {
  RefuseUnconfirmedWrite(sql);
  return Cached(CatchUpFirst(sql));
}

sql::PreparedStatement& Connection::Cached(const char* sql) {
  auto it = statements_.find(std::string_view(sql));
  if (it != statements_.end()) {
    recent_.splice(recent_.begin(), recent_, it->second);
  } else {
    std::unique_ptr<sql::PreparedStatement> statement(raw().prepareStatement(sql));
    // The least recently used goes (and is closed on the server). A caller holds at most a few
    // statements at once, all used more recently than the one evicted.
    if (statements_.size() >= static_cast<std::size_t>(settings_.statement_cache_size)) {
      statements_.erase(recent_.back().sql);
      recent_.pop_back();
    }
    recent_.push_front({sql, std::move(statement)});
    it = statements_.emplace(recent_.front().sql, recent_.begin()).first;
  }
  sql::PreparedStatement& statement = *it->second->statement;
  statement.clearParameters();
  return statement;
}

std::unique_ptr<sql::PreparedStatement> Connection::PrepareUncached(const std::string& sql) {
  RefuseUnconfirmedWrite(sql.c_str());
  return std::unique_ptr<sql::PreparedStatement>(raw().prepareStatement(CatchUpFirst(sql.c_str())));
}

std::string Placeholders(std::size_t count) {
  std::string text = "?";
  for (std::size_t i = 1; i < count; ++i) text += ", ?";
  return text;
}

void Connection::Execute(const std::string& sql) {
  RefuseUnconfirmedWrite(sql.c_str());
  std::unique_ptr<sql::Statement> statement(raw().createStatement());
  statement->execute(CatchUpFirst(sql.c_str()));
}

void Connection::Begin() {
  if (!carried_.MayWrite()) throw std::logic_error("a transaction before the caller is confirmed");
  std::unique_ptr<sql::Statement> statement(raw().createStatement());
  statement->execute("START TRANSACTION");
}

long long Connection::LastInsertId() {
  auto row = Select(Prepare("SELECT LAST_INSERT_ID() AS id"));
  row->next();
  return row->getInt64(kLastInsertId["id"]);
}

int UpdateAlone(Connection& connection, sql::PreparedStatement& statement) {
  for (int attempt = 1;; ++attempt) {
    try {
      return statement.executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() != kDeadlock || attempt == 8 || connection.in_transaction()) throw;
      LOG_WARNING("database: a standalone write lost a conflict, running it again (" << attempt
                                                                                     << ")");
      connection.ForgetPlace();
      PauseAfterConflict(attempt);
    }
  }
}

void Connection::KnowPlace(int count) {
  if (!place_known_) {
    std::unique_ptr<sql::Statement> statement(raw().createStatement());
    std::unique_ptr<sql::ResultSet> row(statement->executeQuery(
        "SELECT @@auto_increment_offset AS place, @@auto_increment_increment AS places"));
    row->next();
    places_ = std::clamp(row->getInt("places"), 1, count);
    place_ = (row->getInt("place") - 1) % places_;
    place_known_ = true;
  }
}

int Connection::Shard(int count) {
  KnowPlace(count);
  const int draw = static_cast<unsigned char>(util::RandomBytes(1)[0]) % (count / places_);
  return place_ + places_ * draw;
}

std::vector<int> Connection::OwnShards(int count) {
  KnowPlace(count);
  std::vector<int> shards;
  for (int shard = place_; shard < count; shard += places_) shards.push_back(shard);
  return shards;
}

void PauseAfterConflict(int attempt) {
  const long long ceiling_us = 2000LL << std::min(attempt, 8);
  const auto draw = static_cast<unsigned char>(util::RandomBytes(1)[0]);
  std::this_thread::sleep_for(std::chrono::microseconds(ceiling_us * draw / 256));
}

sql::Connection& Connection::raw() {
  if (!connection_) throw PluginError(ErrorKind::kInternal, "database");
  return *connection_;
}

void Assignments::Set(const char* column, const std::optional<std::string>& value) {
  if (value) Expression(std::string(column) + " = ?", {*value});
}

void Assignments::Set(const char* column, const std::optional<long long>& value) {
  if (value) Expression(std::string(column) + " = ?", {std::to_string(*value)});
}

void Assignments::Set(const char* column, const std::optional<bool>& value) {
  if (value) Expression(std::string(column) + " = ?", {*value ? "1" : "0"});
}

void Assignments::Expression(std::string expression, std::vector<std::string> values) {
  set_ += (set_.empty() ? "" : ", ") + std::move(expression);
  for (std::string& value : values) values_.push_back(std::move(value));
}

int Assignments::Apply(Connection& connection, const char* table, long long id) const {
  if (set_.empty()) return 0;
  sql::PreparedStatement& update = connection.Prepare(
      ("UPDATE " + std::string(table) + " SET " + set_ + " WHERE id = ?").c_str());
  int i = 0;
  for (const std::string& value : values_) update.setString(++i, value);
  update.setInt64(++i, id);
  return update.executeUpdate();
}

}  // namespace resellermgr::db
