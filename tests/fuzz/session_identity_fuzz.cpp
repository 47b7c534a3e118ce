// The copy of its login and accounts a session carries (identity/session_identity.h), read on
// every request with a session. The server writes it, but the check must never trust its shape:
// a row edited by hand, cut short or from another version. Properties: a copy decodes only when
// it is whole, and a decoded copy written again (LENGTH:VALUE, "-" for NULL) is the same bytes.

#include <string>

#include "fuzz/fuzz.h"
#include "identity/session_identity.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = AsText(data, size);
  const auto fields = resellermgr::identity::DecodeIdentity(text);
  if (!fields) return 0;
  std::string again;
  for (const auto& field : *fields) {
    if (!field) {
      again += '-';
    } else {
      again += std::to_string(field->size());
      again += ':';
      again.append(*field);
    }
  }
  FUZZ_CHECK(again == text);
  return 0;
}
