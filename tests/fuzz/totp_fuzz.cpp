// Second-factor codes (util/totp.h, liboath) as a login sends them, against any secret and any
// clock. The input: one byte for the secret's length, the secret, eight bytes of time, then the
// code. Properties: a code matches only as six digits; a matched step's own code is the code
// sent; the secret survives base32 as authenticator apps receive it.

#include <liboath/oath.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz/fuzz.h"
#include "util/totp.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t secret_length = 1 + data[0] % 32;
  if (size < 1 + secret_length + 8) return 0;
  const std::string_view secret = AsText(data + 1, secret_length);
  std::int64_t now = 0;
  std::memcpy(&now, data + 1 + secret_length, sizeof now);
  now &= 0xffffffffff;  // within liboath's time_t range, up to year 36812
  const std::string_view code = AsText(data + 1 + secret_length + 8, size - 1 - secret_length - 8);

  if (const std::optional<std::uint64_t> step = resellermgr::util::MatchTotp(secret, code, now)) {
    FUZZ_CHECK(code.size() == 6);
    FUZZ_CHECK(resellermgr::util::TotpCode(secret, static_cast<std::int64_t>(*step) * 30) == code);
  }
  const std::string encoded = resellermgr::util::Base32(secret);
  char* decoded = nullptr;
  std::size_t decoded_length = 0;
  FUZZ_CHECK(oath_base32_decode(encoded.data(), encoded.size(), &decoded, &decoded_length) ==
             OATH_OK);
  std::unique_ptr<char, decltype(&std::free)> owned(decoded, &std::free);
  FUZZ_CHECK(std::string_view(decoded, decoded_length) == secret);
  return 0;
}
