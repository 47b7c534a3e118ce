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

// A day a payer could not pay, with what it owed.
struct UnpaidDay;

struct Charge {
  std::string item;
  long long quantity = 0;
  std::int64_t monthly_price = 0;
  std::int64_t amount = 0;
  long long transfer_id = 0;
};

struct UnpaidDay {
  std::string day;
  std::vector<Charge> charges;
  std::int64_t amount = 0;
};

// A reseller past its grace period.
struct Overdue {
  long long account_id = 0, parent_id = 0;
  std::string name;
};

// The provenance of a suspension for non-payment (suspension.reason): only it is lifted when
// the money comes.
inline constexpr char kUnpaidReason[] = "billing:unpaid";
inline constexpr int kDefaultGraceDays = 3;

// A reseller's own users at one of its cards, by item: each template's accounts (`account` or
// `plan:TEMPLATE`) and each active service (`service:NAME`), with how many.
struct ClientGroup {
  long long card_id = 0;
  std::string item;
  long long count = 0;
};

// A reseller's money of today and this month (the home page): what it paid, and what its
// sub-resellers paid it.
struct Flows {
  std::int64_t cost_today = 0, cost_month = 0, income_today = 0, income_month = 0;
};

// A client of a reseller as the billing feed lists it: since when it exists, its card, its
// template, and its active services with since when each is active.
struct FeedClient {
  long long account_id = 0;
  std::string name, preset, created;  // created: YYYY-MM-DD
  long long card_id = 0;              // 0: no card
  bool reseller = false;
  std::vector<std::pair<std::string, std::string>> services;  // name, active since YYYY-MM-DD
  long long disk_gib = 0, traffic_gib = 0;                    // the month's highest, whole GiB
};

class MySqlBillingStore {
 public:
  explicit MySqlBillingStore(db::Connection& connection) : connection_(connection) {}

  // The resellers that `day` has not been charged to yet, with their provider card (0: none).
  std::vector<Payer> DuePayers(const std::string& day);
  // What `payer` holds that its card may price, by item: `reseller` (itself and every reseller
  // below it), `account` or `plan:TEMPLATE` (each live user below it, not an own client account),
  // `service:NAME` (each active client service below it), `disk_gib` (the whole GiB of disk its
  // subtree uses) and `traffic_gib` (the GiB of the month's traffic not charged yet), both as of
  // the last usage report on or before `day`.
  std::map<std::string, long long> Holdings(const Payer& payer, const std::string& day);
  // Claims the payer's day (false when another run did), with what it owes and what its own
  // users come to at its cards; the charges follow in its transaction.
  bool Claim(const std::string& day, long long account_id, bool paid, std::int64_t amount,
             std::int64_t billable);
  // The reseller's own users by card and item.
  std::vector<ClientGroup> OwnClients(long long account_id);
  void Record(const std::string& day, long long account_id, const Charge& charge);

  // The payer `account_id` as the run sees it (its parent and whether that is the admin).
  std::optional<Payer> PayerOf(long long account_id);
  // Its unpaid days, oldest first.
  std::vector<UnpaidDay> UnpaidDays(long long account_id);
  // Whether it owes any day, and whether it is suspended for not paying, in one read: what an
  // arrival of money asks first (nearly always neither).
  struct Arrears {
    bool owed = false;
    bool held = false;
  };
  Arrears ArrearsOf(long long account_id);
  // An unpaid day paid: its status and its movements.
  void MarkPaid(const UnpaidDay& day, long long account_id);
  // Resellers with more unpaid days than their grace and no suspension for it yet.
  std::vector<Overdue> OverdueResellers();
  int GraceDays(long long account_id);
  Flows FlowsOf(long long account_id, const std::string& today, const std::string& month_start);
  // The reseller's own clients (users and sub-resellers) that lived in the month (`month_end` is
  // its last day, or today), with their services and the month's usage.
  std::vector<FeedClient> Clients(long long account_id, const std::string& month_end);
  void SetGraceDays(long long account_id, int days);

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::billing
