#pragma once
// What refuses the removal of accounts. A family that keeps something an account must not lose
// with it (a wallet's money) adds a guard when its stores are built; the account family asks
// every guard before it deletes, and a guard refuses by throwing a PluginError that names the
// account and how to settle it.

#include <functional>
#include <string>
#include <vector>

namespace resellermgr::tenancy {

class RemovalGuards {
 public:
  // Called with the tree paths of the accounts about to go (each with everything below it).
  using Guard = std::function<void(const std::vector<std::string>& tree_paths)>;

  void Add(Guard guard) { guards_.push_back(std::move(guard)); }
  void Check(const std::vector<std::string>& tree_paths) const {
    for (const Guard& guard : guards_) guard(tree_paths);
  }

 private:
  std::vector<Guard> guards_;
};

}  // namespace resellermgr::tenancy
