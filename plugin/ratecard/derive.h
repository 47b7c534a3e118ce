#pragma once
// A derived card's price: its provider card's, marked up and rounded up to a step.

#include <cstdint>

namespace resellermgr::ratecard {

// `price` (minor units) plus `markup_bp` basis points (2000 = 20%), rounded up to a multiple of
// `round_to` minor units (1: to the cent).
constexpr std::int64_t Derive(std::int64_t price, int markup_bp, int round_to) {
  const std::int64_t marked = (price * (10000 + markup_bp) + 9999) / 10000;
  const std::int64_t step = round_to > 0 ? round_to : 1;
  return (marked + step - 1) / step * step;
}

static_assert(Derive(1000, 2000, 1) == 1200);   // 10.00 + 20% = 12.00
static_assert(Derive(333, 1000, 1) == 367);     // 3.33 + 10% = 3.663, up to 3.67
static_assert(Derive(1000, 1250, 50) == 1150);  // 11.25 up to a multiple of 0.50
static_assert(Derive(999, 0, 100) == 1000);     // no markup, whole units
static_assert(Derive(0, 5000, 100) == 0);       // free stays free

}  // namespace resellermgr::ratecard
