#pragma once
// The daily charge run (issue 23): `resellerctl billing run [--date YYYY-MM-DD]`, daily from cron.

#include <cstdint>
#include <string>

#include "core/deps.h"
#include "core/reply.h"
#include "core/request.h"

namespace resellermgr::billing {

struct RunResult {
  long long charged = 0;    // payers whose day was paid
  long long unpaid = 0;     // payers past their credit limit: the day recorded as unpaid
  long long suspended = 0;  // resellers past their grace period, suspended for it
  long long movements = 0;
  std::int64_t amount = 0;  // what the charged payers paid together
};

// Charges every reseller holding a card, in advance, the day's share of the monthly price of
// what it holds at that card (each reseller pays for its whole subtree: a sub-reseller's
// accounts are paid for up the chain, each level at its own card), one movement a payer and
// item, to its parent's wallet or, below the admin, to the operator's revenue. A payer's day is
// one transaction; a day already charged is skipped, so a second or resumed run charges nothing
// twice. A payer that would pass its credit limit pays nothing that day, which is recorded as
// unpaid.
// Then every reseller with more unpaid days than its grace period (set by its parent, default 3)
// is suspended for non-payment (provenance kUnpaidReason, set by its parent, with the cascade of
// any suspension); its accounts are not charged for while it is.
RunResult RunDay(const Deps& deps, const std::string& day);

// The home page's money of a reseller (billing on the dashboard): what it pays today and this
// month, what its sub-resellers paid it, what its own users come to today at its cards, the
// day's margin, and how many days its available funds cover at today's cost.
void MarginsTile(const Deps& deps, const core::Request& request, core::Element home);

// Money arrived in `wallet_id` (wallet/money_arrivals.h): its account's unpaid days are paid,
// oldest first, as far as its funds go; when none is left, its suspension for non-payment (and
// only that one) is lifted.
void SettleUnpaid(const Deps& deps, const core::Request& request, long long wallet_id,
                  long long account_id);

}  // namespace resellermgr::billing
