#include "base/text.h"

#include <algorithm>

namespace resellermgr::base {
namespace {

// The length of the well-formed UTF-8 character at `i` (1 to 4), or 0 for a byte that does not
// start one. NUL counts as a character here.
std::size_t CharacterAt(std::string_view text, std::size_t i) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char c = s[i];
  if (c < 0x80) return 1;
  std::size_t len;
  unsigned int cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((s[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i + k] & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
    return 0;
  return len;
}

// Whether the character of `len` bytes at `i` is one XML 1.0 cannot carry.
bool IsNonXmlAt(std::string_view text, std::size_t i, std::size_t len) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (len == 1) return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
  // U+FFFE and U+FFFF: EF BF BE, EF BF BF
  return len == 3 && c == 0xEF && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
         (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE;
}

// Whether the character at `i` is a control a person never types into a field: DEL and the C1
// controls U+0080..U+009F (C2 80..C2 9F). XML can carry them; they only hide what a value says.
bool IsInvisibleControlAt(std::string_view text, std::size_t i, std::size_t len) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (len == 1) return c == 0x7F;
  return len == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
}

}  // namespace

bool IsInputText(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = CharacterAt(text, i);
    if (len == 0 || IsNonXmlAt(text, i, len) || IsInvisibleControlAt(text, i, len)) return false;
    i += len;
  }
  return true;
}

bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = CharacterAt(text, i);
    if (len == 0 || text[i] == '\0') return false;  // NUL never belongs in a parameter
    i += len;
  }
  return true;
}

bool IsXmlText(std::string_view text) {
  // Most values are printable ASCII: one pass over the bytes settles them.
  const bool printable_ascii = std::all_of(text.begin(), text.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return (b >= 0x20 && b < 0x80) || b == '\t' || b == '\n' || b == '\r';
  });
  if (printable_ascii) return true;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = CharacterAt(text, i);
    if (len == 0 || IsNonXmlAt(text, i, len)) return false;
    i += len;
  }
  return true;
}

std::string ToXmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = CharacterAt(text, i);
    if (len == 0 || IsNonXmlAt(text, i, len)) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      i += len == 0 ? 1 : len;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string Utf8Prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  // Back off over continuation bytes to the start of the character that would be split.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

std::size_t Utf8Length(std::string_view text) {
  std::size_t length = 0;
  for (unsigned char c : text) length += (c & 0xC0) != 0x80;  // continuation bytes do not count
  return length;
}

std::vector<std::string_view> SplitList(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = std::min(text.find(separator, pos), text.size());
    if (end > pos) parts.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return parts;
}

std::vector<std::string> SplitNames(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t pos = 0;;) {
    const std::size_t comma = text.find(',', pos);
    std::string_view part = text.substr(pos, comma == std::string_view::npos ? comma : comma - pos);
    if (pos > 0 && part.starts_with(' ')) part.remove_prefix(1);
    names.emplace_back(part);
    if (comma == std::string_view::npos) return names;
    pos = comma + 1;
  }
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string ReplaceAll(std::string text, std::string_view marker, std::string_view value) {
  for (std::size_t pos = text.find(marker); pos != std::string::npos;
       pos = text.find(marker, pos + value.size())) {
    text.replace(pos, marker.size(), value);
  }
  return text;
}

bool IsPlainXmlName(std::string_view name) {
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (name.empty() || !(letter(name[0]) || name[0] == '_')) return false;
  for (char c : name) {
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return lower;
}

}  // namespace resellermgr::base
