// Mail templates (mail/template.h): any text, as the admin or a reseller saves it. Properties:
// the subject is always one line of printable text; a template Check accepts has only
// placeholders it knows, so once filled no "__" is left and each placeholder gave its value.

#include <map>
#include <string>
#include <vector>

#include "fuzz/fuzz.h"
#include "mail/template.h"

using resellermgr::mail::Template;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = AsText(data, size);
  const std::vector<std::string> allowed = {"name", "link", "grace_days", "brand"};
  const std::map<std::string, std::string> values = {
      {"name", "<V>"}, {"link", "<V>"}, {"grace_days", "<V>"}, {"brand", "<V>"}};
  const std::string subject = Template::Read(text).Render(values, Template::Context::kSubject);
  for (const char c : subject) FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
  const auto error = Template::Check(text, allowed);
  if (error) {
    FUZZ_CHECK(error->line >= 1 && error->column >= 1);
    return 0;
  }
  const std::string body = Template::Read(text).Render(values, Template::Context::kBody);
  FUZZ_CHECK(body.find("__") == std::string::npos);
  return 0;
}
