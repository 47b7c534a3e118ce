// Group elids and stored lists (base/text.h): "a, b,c" from a request's elid, and the comma lists
// the stores keep. Properties: the names joined with ", " and split again are the same names
// when none holds the separator; a stored list's parts joined and split again are the same.

#include <string>
#include <string_view>
#include <vector>

#include "base/text.h"
#include "fuzz/fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = AsText(data, size);
  const std::vector<std::string> names = resellermgr::base::SplitNames(text);
  std::string joined;
  bool plain = true;
  for (std::size_t i = 0; i < names.size(); ++i) {
    plain = plain && names[i].find(',') == std::string::npos && !names[i].starts_with(' ');
    joined += (i ? ", " : "") + names[i];
  }
  if (plain && !names.empty() && !(names.size() == 1 && names[0].empty()))
    FUZZ_CHECK(resellermgr::base::SplitNames(joined) == names);
  // A stored list: its parts are never empty and never hold the separator, and joined again they
  // split into the same parts (empty parts of the text are dropped: "r," is {"r"}).
  std::string rebuilt;
  const std::vector<std::string_view> parts = resellermgr::base::SplitList(text);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    FUZZ_CHECK(!parts[i].empty() && parts[i].find(',') == std::string_view::npos);
    rebuilt += (i ? "," : "") + std::string(parts[i]);
  }
  FUZZ_CHECK(resellermgr::base::SplitList(rebuilt) == parts);
  return 0;
}
