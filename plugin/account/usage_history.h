#pragma once
// Usage history (sql/028): what the usage chart and its rollup read and write.

#include <cstdint>
#include <string>
#include <vector>

#include "db/connection.h"

namespace resellermgr::account {

struct UsagePoint {
  std::string when;  // YYYY-MM-DD (a day) or YYYY-MM (an older month)
  std::uint64_t quota_mib = 0, traff_mib = 0;
};

// The account's months before its daily rows, then its days, oldest first (at most a year of
// months and 90 days).
std::vector<UsagePoint> UsageHistory(db::Connection& connection, long long account_id);
// Folds days older than 90 into their month (the highest figures) and drops them; returns how
// many days went.
long long RollUpUsage(db::Connection& connection);

}  // namespace resellermgr::account
