// DecodeIdentity (session_identity.h): pure text, no database, so the fuzz build links it alone.

#include <charconv>

#include "identity/session_identity.h"

namespace resellermgr::identity {

std::optional<IdentityFields> DecodeIdentity(std::string_view text) {
  IdentityFields fields;
  for (auto& field : fields) {
    if (text.empty()) return std::nullopt;
    if (text.front() == '-') {
      field = std::nullopt;
      text.remove_prefix(1);
      continue;
    }
    std::size_t length = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), length);
    // Digits as the server writes them (no sign, no leading zero), then the colon.
    if (error != std::errc() || end == text.data() || end == text.data() + text.size() ||
        *end != ':' || (text.front() == '0' && end - text.data() > 1))
      return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()) + 1);
    if (length > text.size()) return std::nullopt;
    field = text.substr(0, length);
    text.remove_prefix(length);
  }
  if (!text.empty()) return std::nullopt;
  return fields;
}

}  // namespace resellermgr::identity
