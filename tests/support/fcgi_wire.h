#pragma once
// FastCGI records as a web server writes them, for the tests that speak FastCGI themselves (the
// record reader's unit tests, the http tier's raw-socket tests).

#include <string>

namespace resellermgr::testing {

// One record: header, `content`, `padding` zero bytes.
inline std::string FcgiRecord(unsigned type, unsigned id, const std::string& content,
                              unsigned padding = 0) {
  std::string out = {1,
                     static_cast<char>(type),
                     static_cast<char>(id >> 8),
                     static_cast<char>(id & 0xff),
                     static_cast<char>(content.size() >> 8),
                     static_cast<char>(content.size() & 0xff),
                     static_cast<char>(padding),
                     0};
  return out + content + std::string(padding, '\0');
}

// One name-value pair (lengths of 128 and more take four bytes).
inline std::string FcgiPair(const std::string& name, const std::string& value) {
  std::string out;
  for (std::size_t length : {name.size(), value.size()}) {
    if (length < 128) {
      out += static_cast<char>(length);
    } else {
      out += static_cast<char>(0x80 | (length >> 24));
      out += static_cast<char>((length >> 16) & 0xff);
      out += static_cast<char>((length >> 8) & 0xff);
      out += static_cast<char>(length & 0xff);
    }
  }
  return out + name + value;
}

}  // namespace resellermgr::testing
