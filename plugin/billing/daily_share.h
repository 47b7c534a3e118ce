#pragma once
// A day's share of a monthly price: the price divided by the month's days, the remainder spread
// so that the days of a whole month add up to the monthly price exactly.

#include <cstdint>

namespace resellermgr::billing {

// Day `day` (1..days) of a month of `days` days.
constexpr std::int64_t DailyShare(std::int64_t monthly, int day, int days) {
  return monthly * day / days - monthly * (day - 1) / days;
}

static_assert(DailyShare(1000, 1, 30) + DailyShare(1000, 2, 30) == 66);
static_assert([] {
  std::int64_t sum = 0;
  for (int d = 1; d <= 31; ++d) sum += DailyShare(999, d, 31);
  return sum == 999;
}());

}  // namespace resellermgr::billing
