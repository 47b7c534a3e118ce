#pragma once
// The daily charge run's statements (sql/037): who pays for a day, what each holds, and the
// day recorded. The movements themselves are the wallet store's.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace resellermgr::billing {

// A reseller that pays for a day: its wallet's owner, its card, and whom it pays.
struct Payer {
  long long account_id = 0;
  std::string name, tree_path;
  long long card_id = 0;
  long long parent_id = 0;
  bool parent_is_admin = false;
};

struct Charge {
  std::string item;
  long long quantity = 0;
  std::int64_t monthly_price = 0;
  std::int64_t amount = 0;
  long long transfer_id = 0;
};

class MySqlBillingStore {
 public:
  explicit MySqlBillingStore(db::Connection& connection) : connection_(connection) {}

  // The resellers holding a card that `day` has not been charged to yet.
  std::vector<Payer> DuePayers(const std::string& day);
  // What `payer` holds that its card may price, by item: `reseller` (itself and every reseller
  // below it), `account` or `plan:TEMPLATE` (each live user below it, not an own client account),
  // `service:NAME` (each active client service below it).
  std::map<std::string, long long> Holdings(const Payer& payer);
  // Claims the payer's day (false when another run did); the charges follow in its transaction.
  bool Claim(const std::string& day, long long account_id, bool paid, std::int64_t amount);
  void Record(const std::string& day, long long account_id, const Charge& charge);

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::billing
