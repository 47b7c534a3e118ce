#include "core/messages.h"

#include "core/mgrdata.h"

#include <pugixml.hpp>
#include <sstream>
#include <stdexcept>

namespace resellermgr::core {
namespace {

std::string Key(std::string_view section, std::string_view name) {
  std::string key(section);
  key.push_back('/');
  key.append(name);
  return key;
}

}  // namespace

Messages Messages::LoadFile(const std::string& path) {
  pugi::xml_document merged;
  LoadMgrData(path, merged);
  std::ostringstream text;
  merged.save(text, "", pugi::format_raw);
  Messages messages = LoadString(text.str());
  if (!messages.HasLang("en")) throw std::runtime_error(path + " has no English messages");
  return messages;
}

Messages Messages::LoadString(std::string_view xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size()))
    throw std::runtime_error("messages: not well-formed XML");
  Messages messages;
  for (pugi::xml_node lang : doc.child("mgrdata").children("lang")) {
    auto& table = messages.by_lang_[lang.attribute("name").value()];
    for (pugi::xml_node section : lang.children("messages")) {
      for (pugi::xml_node msg : section.children("msg")) {
        table[Key(section.attribute("name").value(), msg.attribute("name").value())] =
            msg.child_value();
      }
    }
  }
  return messages;
}

std::optional<std::string> Messages::Find(std::string_view lang, std::string_view section,
                                          std::string_view name) const {
  const std::string key = Key(section, name);
  for (std::string_view l : {lang, std::string_view("en")}) {
    auto table = by_lang_.find(l);
    if (table == by_lang_.end()) continue;
    auto it = table->second.find(key);
    if (it != table->second.end()) return it->second;
  }
  return std::nullopt;
}

std::map<std::string, std::string> Messages::Section(std::string_view lang,
                                                     std::string_view section) const {
  std::map<std::string, std::string> result;
  const std::string prefix = Key(section, "");
  for (std::string_view l : {std::string_view("en"), lang}) {  // lang's own texts win
    auto table = by_lang_.find(l);
    if (table == by_lang_.end()) continue;
    for (auto it = table->second.lower_bound(prefix);
         it != table->second.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      result[it->first.substr(prefix.size())] = it->second;
    }
  }
  return result;
}

bool Messages::HasLang(std::string_view lang) const { return by_lang_.count(lang) > 0; }

}  // namespace resellermgr::core
