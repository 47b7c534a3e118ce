#pragma once
// RAII transaction: begins in the constructor, Commit() commits, the destructor rolls back if
// Commit() was not reached (an exception is on its way). Nested Transactions join the outer one:
// only the outermost commits or rolls back.

#include "db/connection.h"

namespace resellermgr::db {

class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void Commit();

 private:
  Connection& connection_;
  bool outermost_;
  bool done_ = false;
};

}  // namespace resellermgr::db
