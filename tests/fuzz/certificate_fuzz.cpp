// Brand certificates (brand/certificate_check.h): any text as the chain and the key (split at
// the first NUL). Properties: nothing crashes or leaks; what is taken has a SHA-256 fingerprint
// and PEM to keep, and names the field it refuses otherwise.

#include <ctime>
#include <string>

#include "brand/certificate_check.h"
#include "fuzz/fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view input = AsText(data, size);
  const std::size_t split = input.find('\0');
  const std::string_view chain = input.substr(0, split);
  const std::string_view key = split == std::string_view::npos ? "" : input.substr(split + 1);
  const auto verdict =
      resellermgr::brand::CheckCertificate(chain, key, "panel.brand.test", "", std::time(nullptr));
  if (!verdict.ok) {
    FUZZ_CHECK(verdict.field == "certificate" || verdict.field == "private_key");
    return 0;
  }
  FUZZ_CHECK(verdict.ok->fingerprint.size() == 64);
  FUZZ_CHECK(verdict.ok->chain_pem.starts_with("-----BEGIN CERTIFICATE-----"));
  return 0;
}
