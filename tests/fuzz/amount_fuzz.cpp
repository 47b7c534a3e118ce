// Money amounts on the wire (money/amount.h): "12.34". Properties: an accepted amount is within
// the largest accepted, and printing it and parsing the print gives the same value.

#include <cstdint>
#include <optional>
#include <string>

#include "fuzz/fuzz.h"
#include "money/amount.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string text(AsText(data, size));
  const std::optional<std::int64_t> amount = resellermgr::money::ParseAmount(text);
  if (!amount) return 0;
  FUZZ_CHECK(*amount >= 0 && *amount <= resellermgr::money::kMaxAmount);
  const std::string printed = resellermgr::money::FormatAmount(*amount);
  FUZZ_CHECK(resellermgr::money::ParseAmount(printed) == amount);
  return 0;
}
