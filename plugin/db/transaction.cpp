#include "db/transaction.h"

#include <cppconn/exception.h>

#include "base/log.h"

namespace resellermgr::db {

Transaction::Transaction(Connection& connection)
    : connection_(connection), outermost_(connection.transaction_depth_ == 0) {
  // START TRANSACTION rather than autocommit off and on again: a round trip less a transaction
  // (autocommit stays on between them). Straight on the connection, so a pending causality wait
  // still rides on the transaction's first read rather than costing a statement of its own.
  if (outermost_) connection_.Begin();
  ++connection_.transaction_depth_;
}

Transaction::~Transaction() {
  --connection_.transaction_depth_;
  if (!outermost_ || done_) return;
  try {
    connection_.Execute("ROLLBACK");  // a statement, so a lost connection is noticed here
  } catch (const std::exception& e) {
    // The one permitted swallow: a destructor must not throw, and the connection is dropped so
    // that the next request starts on a fresh one (the server rolls back on disconnect).
    LOG_ERROR("rollback failed, dropping the connection: " << e.what());
    connection_.MarkBroken();
  }
}

void Transaction::Commit() {
  if (!outermost_) return;
  // Not raw().commit(): Connector/C++ 1.1 ignores what mysql_commit returns, so a COMMIT that
  // failed (the connection lost while committing, error 2013) would pass for a committed one
  // and a lost change would be acknowledged. A COMMIT statement throws like any other.
  connection_.Execute("COMMIT");
  done_ = true;
}

}  // namespace resellermgr::db
