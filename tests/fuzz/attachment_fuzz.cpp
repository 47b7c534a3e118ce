// Ticket attachments (ticket/attachment_check.h): any bytes under any name and declared type.
// The first byte picks the name's extension, the second the declared type. Properties: what is
// taken is one of the types a support desk takes, named so, with a name of plain characters.

#include <string>

#include "fuzz/fuzz.h"
#include "ticket/attachment_check.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size < 2) return 0;
  static const char* kNames[] = {"a.png", "b.jpg",  "c.gif",    "d.pdf",     "e.txt",
                                 "f.zip", "g.html", "../h.png", "i j\".log", "noext"};
  static const char* kTypes[] = {"",           "application/octet-stream", "image/png",
                                 "text/plain", "application/pdf",          "text/html"};
  const std::string name = kNames[data[0] % 10];
  const std::string type = kTypes[data[1] % 6];
  const auto verdict = resellermgr::ticket::CheckAttachment(name, type, AsText(data + 2, size - 2));
  if (!verdict.ok) {
    FUZZ_CHECK(!verdict.problem.empty());
    return 0;
  }
  const std::string& taken = verdict.ok->content_type;
  FUZZ_CHECK(taken == "image/png" || taken == "image/jpeg" || taken == "image/gif" ||
             taken == "application/pdf" || taken == "text/plain" || taken == "application/zip");
  for (const char c : verdict.ok->filename)
    FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-');
  FUZZ_CHECK(type.empty() || type == "application/octet-stream" || type == taken);
  return 0;
}
