#include "brand/image_check.h"

#include <cairo.h>

#include <cstdint>
#include <cstring>
#include <memory>

namespace resellermgr::brand {
namespace {

constexpr std::string_view kPngSignature("\x89PNG\r\n\x1a\n", 8);

std::uint32_t BigEndian32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8 |
         static_cast<unsigned char>(b[at + 3]);
}
unsigned BigEndian16(std::string_view b, std::size_t at) {
  return static_cast<unsigned>(static_cast<unsigned char>(b[at])) << 8 |
         static_cast<unsigned char>(b[at + 1]);
}
std::uint32_t LittleEndian32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<unsigned char>(b[at]);
}

bool SaneSides(unsigned width, unsigned height) {
  return width > 0 && height > 0 && width <= kMaxImageSide && height <= kMaxImageSide;
}

// cairo reads the PNG through this, from memory.
struct PngReader {
  std::string_view rest;
  static cairo_status_t Read(void* closure, unsigned char* data, unsigned int length) {
    auto* reader = static_cast<PngReader*>(closure);
    if (length > reader->rest.size()) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, reader->rest.data(), length);
    reader->rest.remove_prefix(length);
    return CAIRO_STATUS_SUCCESS;
  }
};

// The header's sides first (IHDR must be the first chunk), so nothing huge is allocated, then the
// whole image decoded: a PNG signature in front of other bytes is not a PNG.
std::optional<ImageInfo> Png(std::string_view bytes) {
  if (bytes.size() < kPngSignature.size() + 8 + 13 || !bytes.starts_with(kPngSignature))
    return std::nullopt;
  if (BigEndian32(bytes, 8) != 13 || bytes.substr(12, 4) != "IHDR") return std::nullopt;
  const ImageInfo info{"image/png", ".png", BigEndian32(bytes, 16), BigEndian32(bytes, 20)};
  if (!SaneSides(info.width, info.height)) return std::nullopt;
  PngReader reader{bytes};
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create_from_png_stream(&PngReader::Read, &reader),
      &cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return std::nullopt;
  return info;
}

// SOI, then marker segments (each FF xx with a 16-bit length that covers itself) up to a frame
// header (SOFn: precision, height, width), before any scan starts.
std::optional<ImageInfo> Jpeg(std::string_view bytes) {
  if (!bytes.starts_with("\xff\xd8\xff")) return std::nullopt;
  std::size_t at = 2;
  while (at + 4 <= bytes.size()) {
    if (static_cast<unsigned char>(bytes[at]) != 0xff) return std::nullopt;
    const auto marker = static_cast<unsigned char>(bytes[at + 1]);
    if (marker == 0xff) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {  // no length
      at += 2;
      continue;
    }
    if (marker == 0xd8 || marker == 0xd9 || marker == 0xda) return std::nullopt;  // no frame yet
    const unsigned length = BigEndian16(bytes, at + 2);
    if (length < 2 || at + 2 + length > bytes.size()) return std::nullopt;
    const bool frame =
        marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    if (frame) {
      if (length < 8) return std::nullopt;
      const ImageInfo info{"image/jpeg", ".jpg", BigEndian16(bytes, at + 7),
                           BigEndian16(bytes, at + 5)};
      if (!SaneSides(info.width, info.height)) return std::nullopt;
      return info;
    }
    at += 2 + length;
  }
  return std::nullopt;
}

// ICONDIR (reserved 0, type 1, count), then one 16-byte entry per image (width and height, 0
// meaning 256; size and offset of its data), each image a PNG or a BITMAPINFOHEADER, inside the
// file and after the directory.
std::optional<ImageInfo> Ico(std::string_view bytes) {
  if (bytes.size() < 6 || bytes.substr(0, 4) != std::string_view("\0\0\1\0", 4))
    return std::nullopt;
  const unsigned count = static_cast<unsigned char>(bytes[4]) |
                         static_cast<unsigned>(static_cast<unsigned char>(bytes[5])) << 8;
  const std::size_t directory_end = 6 + 16 * static_cast<std::size_t>(count);
  if (count == 0 || count > 64 || directory_end > bytes.size()) return std::nullopt;
  ImageInfo info{"image/x-icon", ".ico"};
  for (unsigned i = 0; i < count; ++i) {
    const std::size_t entry = 6 + 16 * static_cast<std::size_t>(i);
    const std::uint32_t size = LittleEndian32(bytes, entry + 8);
    const std::uint32_t offset = LittleEndian32(bytes, entry + 12);
    if (offset < directory_end || size < 40 || offset > bytes.size() ||
        size > bytes.size() - offset)
      return std::nullopt;
    const std::string_view image = bytes.substr(offset, size);
    if (!image.starts_with(kPngSignature) && LittleEndian32(image, 0) != 40) return std::nullopt;
    if (i == 0) {
      const auto side = [](char byte) {
        const unsigned value = static_cast<unsigned char>(byte);
        return value == 0 ? 256u : value;
      };
      info.width = side(bytes[entry]);
      info.height = side(bytes[entry + 1]);
    }
  }
  return info;
}

}  // namespace

std::optional<ImageInfo> InspectImage(std::string_view bytes, bool icon) {
  if (bytes.starts_with(kPngSignature)) return Png(bytes);
  if (bytes.starts_with("\xff\xd8")) return Jpeg(bytes);
  if (icon) return Ico(bytes);
  return std::nullopt;
}

}  // namespace resellermgr::brand
