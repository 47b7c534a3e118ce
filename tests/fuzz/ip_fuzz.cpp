// Addresses and address locks (core/ip_list.h): allowed_ips lists with CIDR ranges and the one
// address of a licence. Properties: normalising is idempotent; a canonical address is its own
// canonical form; a normalised list allows every address it names.

#include <optional>
#include <string>
#include <variant>

#include "core/ip_list.h"
#include "fuzz/fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  using namespace resellermgr::core;
  const std::string_view input = AsText(data, size);
  const auto list = NormaliseIpList(input);
  if (const std::string* normal = std::get_if<std::string>(&list)) {
    const auto again = NormaliseIpList(*normal);
    FUZZ_CHECK(std::holds_alternative<std::string>(again) &&
               std::get<std::string>(again) == *normal);
  }
  if (const std::optional<std::string> address = CanonicalAddress(input)) {
    FUZZ_CHECK(CanonicalAddress(*address) == address);
    FUZZ_CHECK(IpListAllows(*address, *address));
    IsHostAddress(*address);
  }
  IpListAllows(input, "192.0.2.1");
  return 0;
}
