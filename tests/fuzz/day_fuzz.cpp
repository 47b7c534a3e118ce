// Days on the wire (base/days.h): effective_from, billing run --date. Property: a day accepted is
// a real one (its day within its month's length).

#include <string_view>

#include "base/days.h"
#include "fuzz/fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = AsText(data, size);
  if (!resellermgr::base::IsDay(text)) return 0;
  const int day = resellermgr::base::DayOfMonth(text), days = resellermgr::base::DaysInMonth(text);
  FUZZ_CHECK(days >= 28 && days <= 31);
  FUZZ_CHECK(day >= 1 && day <= days);
  return 0;
}
