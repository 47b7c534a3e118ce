#pragma once
// Localized messages from xml/ispmgr_mod_resellermgr.xml (COREmanager form):
//   <mgrdata><lang name="en"><messages name="msgerror"><msg name="KEY">text</msg>...
// Loaded once at start-up, read-only afterwards, so safe to share between worker threads.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace resellermgr::core {

class Messages {
 public:
  // Throws std::runtime_error when the file is missing or not well-formed (a start-up error).
  static Messages LoadFile(const std::string& path);
  static Messages LoadString(std::string_view xml);

  // The message `name` of section `section` in `lang`, falling back to English.
  std::optional<std::string> Find(std::string_view lang, std::string_view section,
                                  std::string_view name) const;
  bool HasLang(std::string_view lang) const;
  // Every message of `section` in `lang` (English where `lang` lacks one), by name.
  std::map<std::string, std::string> Section(std::string_view lang, std::string_view section) const;

 private:
  // lang -> "section/name" -> text
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> by_lang_;
};

}  // namespace resellermgr::core
