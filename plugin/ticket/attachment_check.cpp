#include "ticket/attachment_check.h"

#include <magic.h>

#include <algorithm>
#include <memory>

#include "base/text.h"

namespace resellermgr::ticket {
namespace {

struct Kind {
  const char* type;
  const char* extensions[2];
};
// clang-format off
constexpr Kind kKinds[] = {
    {"image/png",       {".png", nullptr}},
    {"image/jpeg",      {".jpg", ".jpeg"}},
    {"image/gif",       {".gif", nullptr}},
    {"application/pdf", {".pdf", nullptr}},
    {"text/plain",      {".txt", ".log"}},
    {"application/zip", {".zip", nullptr}},
};
// clang-format on

// One libmagic handle per thread, its database loaded once (magic_t is not thread-safe).
const char* MimeOf(std::string_view bytes) {
  struct Handle {
    magic_t cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    bool loaded = cookie != nullptr && magic_load(cookie, nullptr) == 0;
    ~Handle() {
      if (cookie != nullptr) magic_close(cookie);
    }
  };
  thread_local Handle handle;
  if (!handle.loaded) return nullptr;
  return magic_buffer(handle.cookie, bytes.data(), bytes.size());
}

// The name's last part, its characters kept to [A-Za-z0-9._-] (others become '_'), at most 100.
std::string SafeName(std::string_view filename) {
  const std::size_t slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  std::string name;
  for (const char c : filename.substr(0, 100)) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    name += plain ? c : '_';
  }
  return name;
}

}  // namespace

AttachmentVerdict CheckAttachment(std::string_view filename, std::string_view declared_type,
                                  std::string_view bytes) {
  if (bytes.empty()) return {std::nullopt, "the file is empty"};
  if (bytes.size() > kMaxAttachmentBytes) return {std::nullopt, "at most 768 KiB"};
  const std::string name = SafeName(filename);
  const std::string extension =
      name.rfind('.') == std::string::npos ? "" : base::AsciiLower(name.substr(name.rfind('.')));
  const Kind* named = nullptr;
  for (const Kind& kind : kKinds) {
    for (const char* ext : kind.extensions)
      if (ext != nullptr && extension == ext) named = &kind;
  }
  if (named == nullptr)
    return {std::nullopt, "PNG, JPEG, GIF, PDF, text (.txt, .log) or ZIP files only"};
  const char* mime = MimeOf(bytes);
  const std::string found = mime == nullptr ? "" : mime;
  if (found != named->type)
    return {std::nullopt, "the file's name says " + std::string(named->type) +
                              " but its content is " + (found.empty() ? "unknown" : found)};
  // The declared type may say nothing (octet-stream), or the truth.
  if (!declared_type.empty() && declared_type != "application/octet-stream" &&
      base::AsciiLower(declared_type.substr(0, declared_type.find(';'))) != found)
    return {std::nullopt, "the file was sent as " + base::Utf8Prefix(declared_type, 64) +
                              " but its content is " + found};
  if (found == "text/plain" && !base::IsValidUtf8(bytes))
    return {std::nullopt, "a text file must be UTF-8"};
  return {CheckedAttachment{name, found}, ""};
}

}  // namespace resellermgr::ticket
