// Sizes with units on limit fields (tenancy/limits.h): "512", "1.5 GiB", "2 TB". Property: an
// accepted size printed and parsed again is the same number of MiB.

#include <cstdint>
#include <optional>
#include <string>

#include "fuzz/fuzz.h"
#include "tenancy/sizes.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  using namespace resellermgr::tenancy;
  const std::optional<std::uint64_t> mib = ParseMib(AsText(data, size));
  if (!mib) return 0;
  const std::string printed = FormatAmount(*mib, LimitKind::kMib);
  FUZZ_CHECK(ParseMib(printed) == mib);
  return 0;
}
