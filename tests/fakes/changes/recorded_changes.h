#pragma once
// The change funnel as a list: what a handler recorded, in order, for handler unit tests.

#include <vector>

#include "changes/changes.h"

namespace resellermgr::fakes {

class RecordedChanges : public changes::Changes {
 public:
  void Record(const core::Request&, const changes::Change& change) override {
    recorded.push_back(change);
  }
  void RecordJob(const std::string&, long long, const std::string&,
                 const changes::Change& change) override {
    recorded.push_back(change);
  }
  void RecordFor(const core::Request&, const std::string&, long long, const std::string&,
                 const changes::Change& change) override {
    recorded.push_back(change);
  }
  std::vector<changes::Change> recorded;
};

}  // namespace resellermgr::fakes
