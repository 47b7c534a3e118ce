#pragma once
// Monthly statistics (sql/025): the only place with their SQL.

#include <cstdint>
#include <string>
#include <vector>

#include "db/connection.h"

namespace resellermgr::report {

struct Figures {
  std::string account, month;  // a reseller, "YYYY-MM"
  long long clients = 0, services_active = 0;
  std::uint64_t disk_mib = 0, traffic_mib = 0;
  std::int64_t charges = 0;  // minor units, as all below
  // The daily charges (issue 23): what it paid, what its sub-resellers paid it, what its own
  // users came to at its cards; its margin is income + billable - cost.
  std::int64_t cost = 0, income = 0, billable = 0;
  bool live = false;  // the month under way, read now
  std::int64_t margin() const { return income + billable - cost; }
};

class MySqlReportStore {
 public:
  explicit MySqlReportStore(db::Connection& connection) : connection_(connection) {}

  // Writes (or rewrites) `month`'s figures of every reseller; returns how many.
  long long Snapshot(const std::string& month, const std::string& start, const std::string& end);
  // One reseller's months, newest first: the one under way (live), then the written ones.
  std::vector<Figures> History(long long account_id, const std::string& this_month,
                               const std::string& start, const std::string& end, int months);
  // Every reseller below `path` ("" for all) in `month`, written figures only.
  std::vector<Figures> Month(const std::string& pattern, bool all, const std::string& month);

 private:
  db::Connection& connection_;
};

// What handlers ask for (deps.Get<ReportStore>()); the MySQL store is the only one.
using ReportStore = MySqlReportStore;

}  // namespace resellermgr::report
