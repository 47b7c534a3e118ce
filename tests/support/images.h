#pragma once
// Small real images for the upload tests (unit and http): the same bytes an image editor writes.

#include <string>

namespace resellermgr::testing {

// A real 2x2 PNG, as an image editor writes it.
inline const std::string kPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x02\x00\x00"
    "\x00\x02\x08\x06\x00\x00\x00\x72\xb6\x0d\x24\x00\x00\x00\x11\x49\x44\x41\x54\x78\x9c"
    "\x63\xf8\xcf\xc0\xf0\x1f\x84\x19\x60\x0c\x00\x47\xca\x07\xf9\x67\x59\x6e\xb7\x00\x00"
    "\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    74);
// A favicon: an ICO directory of one entry holding that PNG (as browsers and editors write them).
inline const std::string kIco = std::string("\0\0\1\0\1\0", 6) +
                                std::string("\2\2\0\0\1\0\x20\0\x4a\0\0\0\x16\0\0\0", 16) + kPng;

}  // namespace resellermgr::testing
