#pragma once
// What an uploaded ticket attachment is, from its bytes (libmagic, Debian's file(1) library),
// and whether its name and declared type say the same (issue 27 item 5). Only types a support
// desk needs and a browser cannot run are taken: PNG, JPEG, GIF, PDF, plain UTF-8 text, ZIP. A
// file whose name or declared type claims anything else than its bytes are is refused: a
// "screenshot.png" that is HTML, or a PDF sent as image/png.

#include <optional>
#include <string>
#include <string_view>

namespace resellermgr::ticket {

inline constexpr std::size_t kMaxAttachmentBytes = 768 * 1024;  // under max_body_bytes (1 MiB)

struct CheckedAttachment {
  std::string filename;      // the name as served: ASCII, no path, no quotes
  std::string content_type;  // what the bytes are
};

// The attachment, or why not (the PluginError's detail; its object is the field).
struct AttachmentVerdict {
  std::optional<CheckedAttachment> ok;
  std::string problem;
};

AttachmentVerdict CheckAttachment(std::string_view filename, std::string_view declared_type,
                                  std::string_view bytes);

}  // namespace resellermgr::ticket
