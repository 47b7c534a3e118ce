#pragma once
// The documents a movement issues with the money ("payment received", "refund"). The wallet
// family asks for them; the invoice family issues them (invoice/module.cpp offers its store as
// this interface), so the wallet family needs nothing of invoices.

#include <string>

namespace resellermgr::wallet {

class Receipts {
 public:
  virtual ~Receipts() = default;
  // The "payment" or "refund" document of transfer `transfer_id`, issued in the movement's own
  // transaction. Returns its id.
  virtual long long IssueReceipt(long long transfer_id, const char* kind,
                                 const std::string& issued_by, const std::string& currency) = 0;
};

}  // namespace resellermgr::wallet
