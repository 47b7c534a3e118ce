#pragma once
// wallet::Receipts that numbers the documents it is asked for, for handler unit tests.

#include <string>
#include <vector>

#include "wallet/receipts.h"

namespace resellermgr::fakes {

class FakeReceipts : public wallet::Receipts {
 public:
  long long IssueReceipt(long long transfer_id, const char* kind, const std::string&,
                         const std::string&) override {
    issued.push_back({transfer_id, kind});
    return 100 + static_cast<long long>(issued.size());
  }
  std::vector<std::pair<long long, std::string>> issued;
};

}  // namespace resellermgr::fakes
