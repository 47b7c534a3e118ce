#include "core/xml_chars.h"

namespace resellermgr::core {
namespace {

// The length of the character XML cannot carry at `i`, or 0. Input is valid UTF-8.
std::size_t NonXmlAt(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 1;
  // U+FFFE and U+FFFF: EF BF BE, EF BF BF
  if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
      (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE)
    return 3;
  return 0;
}

}  // namespace

bool HasNonXmlCharacters(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (NonXmlAt(text, i) != 0) return true;
  }
  return false;
}

std::string ReplaceNonXmlCharacters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t bad = NonXmlAt(text, i)) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      i += bad;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

bool IsPlainXmlName(std::string_view name) {
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (name.empty() || !(letter(name[0]) || name[0] == '_')) return false;
  for (char c : name) {
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace resellermgr::core
