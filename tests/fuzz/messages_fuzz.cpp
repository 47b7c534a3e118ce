// The XML messages the plugin loads (core/messages.h), as any file in xml/ could be: a document
// pugixml parses, or one it refuses with an exception. Property: a message found has the text
// of a <msg> (valid UTF-8 when the input is).

#include <stdexcept>
#include <string_view>

#include "base/text.h"
#include "core/messages.h"
#include "fuzz/fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view xml = AsText(data, size);
  try {
    const resellermgr::core::Messages messages = resellermgr::core::Messages::LoadString(xml);
    for (const char* lang : {"en", "ru", "xx"}) {
      const auto found = messages.Find(lang, "ui", "title");
      if (found && resellermgr::base::IsValidUtf8(xml))
        FUZZ_CHECK(resellermgr::base::IsValidUtf8(*found));
    }
  } catch (const std::exception&) {
    // a malformed file: the daemon refuses to start, naming it
  }
  return 0;
}
