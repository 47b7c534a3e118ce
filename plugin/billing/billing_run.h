#pragma once
// The daily charge run (issue 23): `resellerctl billing run [--date YYYY-MM-DD]`, daily from cron.

#include <cstdint>
#include <string>

#include "core/deps.h"

namespace resellermgr::billing {

struct RunResult {
  long long charged = 0;  // payers whose day was paid
  long long unpaid = 0;   // payers past their credit limit: the day recorded as unpaid
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
RunResult RunDay(const Deps& deps, const std::string& day);

}  // namespace resellermgr::billing
