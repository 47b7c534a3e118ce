#pragma once
// What an uploaded logo or favicon is, from its bytes, whatever its name and type say (issue 12,
// issue 28). Only PNG, JPEG and (favicons) ICO are taken: SVG can carry script and markup into
// other people's pages. The bytes must be what they claim all the way through, not a header
// in front of something else: a PNG is decoded whole (cairo, already linked for invoices), a
// JPEG's segments are walked to its frame header, an ICO's directory must point inside the
// file at PNG or bitmap images. Dimensions are bounded, so nothing served is a memory bomb.

#include <optional>
#include <string_view>

namespace resellermgr::brand {

inline constexpr unsigned kMaxImageSide = 4096;

struct ImageInfo {
  const char* type;       // "image/png", "image/jpeg", "image/x-icon"
  const char* extension;  // ".png", ".jpg", ".ico"
  unsigned width = 0, height = 0;
};

// The image `bytes` hold, or nullopt; ICO only when `icon`.
std::optional<ImageInfo> InspectImage(std::string_view bytes, bool icon);

}  // namespace resellermgr::brand
