#pragma once
// What else a change to a subtree reaches, counted by the families that hold it (issue 25 item
// 2: the licences a suspension stops). A family adds its counter when its stores are built
// (after the account family's); previews show each figure beside the accounts, users and
// sessions they count themselves.

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace resellermgr {
struct Deps;
}

namespace resellermgr::account {

struct ReachCounter {
  std::string name;  // the preview row's field ("licenses"); the panel's label is reach_<name>
  // How many of the family's things the live, unsuspended accounts at `account_id` and below it
  // (`below`: its subtree pattern) hold: what a suspension stops, a deletion takes.
  std::function<long long(const Deps& deps, long long account_id, const std::string& below)> count;
};

class ReachCounters {
 public:
  void Add(ReachCounter counter) { counters_.push_back(std::move(counter)); }
  const std::vector<ReachCounter>& all() const { return counters_; }

 private:
  std::vector<ReachCounter> counters_;
};

}  // namespace resellermgr::account
