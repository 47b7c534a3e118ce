// Uploaded logos and favicons (brand/image_check.h): any bytes, checked as PNG (decoded whole by
// cairo), JPEG (segments walked to the frame header) or ICO (directory inside the file). The
// first byte says whether a favicon is checked. Properties: what is taken has a type its
// first bytes agree with and sides within the bound.

#include <string_view>

#include "brand/image_check.h"
#include "fuzz/fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  const bool icon = (data[0] & 1) != 0;
  const std::string_view bytes = AsText(data + 1, size - 1);
  const auto info = resellermgr::brand::InspectImage(bytes, icon);
  if (!info) return 0;
  const std::string_view type = info->type;
  FUZZ_CHECK(info->width > 0 && info->width <= resellermgr::brand::kMaxImageSide);
  FUZZ_CHECK(info->height > 0 && info->height <= resellermgr::brand::kMaxImageSide);
  if (type == "image/png")
    FUZZ_CHECK(bytes.starts_with("\x89PNG\r\n\x1a\n"));
  else if (type == "image/jpeg")
    FUZZ_CHECK(bytes.starts_with("\xff\xd8\xff"));
  else
    FUZZ_CHECK(icon && type == "image/x-icon" &&
               bytes.starts_with(std::string_view("\0\0\1\0", 4)));
  return 0;
}
