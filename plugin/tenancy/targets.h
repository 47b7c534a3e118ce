#pragma once
// Set-based statements over accounts and everything below them (group actions: suspend, resume,
// delete, and the sessions and logins they end): a fixed number of statements whatever the
// subtree's size.

#include <cppconn/prepared_statement.h>

#include <functional>
#include <string>
#include <vector>

namespace resellermgr::db {
class Connection;
}

namespace resellermgr::tenancy {

// The accounts a group action reaches: "{ids}" in a statement stands for the targets themselves
// (an IN list), "{below}" for every account under any of them (a prefix match on the tree path
// per target, one index range each; the statement's account table is the one named tree_path).
struct Targets {
  std::vector<long long> ids;
  std::vector<std::string> below;  // SubtreePattern of each target

  void Add(long long id, const std::string& tree_path);
  bool empty() const { return ids.empty(); }
};

// Runs `sql` for `targets`; `first` binds leading parameters and returns how many. Returns the
// rows changed.
int ExecuteFor(db::Connection& connection, std::string sql, const Targets& targets,
               const std::function<int(sql::PreparedStatement&)>& first = nullptr);

}  // namespace resellermgr::tenancy
