#include "core/metadata.h"

#include <regex>
#include <stdexcept>

#include "base/errors.h"
#include "base/text.h"
#include "core/mgrdata.h"

namespace resellermgr::core {
namespace {

const std::map<std::string, std::regex, std::less<>>& Checks() {
  static const std::map<std::string, std::regex, std::less<>> checks = {
      {"username", std::regex("[A-Za-z][A-Za-z0-9_-]*")},
      {"email", std::regex(R"([^@\s]+@[^@\s]+\.[^@\s]+)")},
      {"phone", std::regex(R"([0-9+() .-]{3,64})")},
      {"int", std::regex("[0-9]*")},
      // A size in MiB, or with its unit: "512", "512 MiB", "1.5 GiB", "2T" (account/limits.cpp).
      {"size", std::regex(R"(([0-9]{1,16}([.,][0-9]{1,3})? *([mMgGtT]([iI]?[bB])?)?)?)")},
      {"flag", std::regex("on|off|yes|no|1|0|")},
  };
  return checks;
}

}  // namespace

Metadata Metadata::LoadFile(const std::string& path) {
  auto document = std::make_shared<pugi::xml_document>();
  LoadMgrData(path, *document);
  return FromDocument(std::move(document), path);
}

Metadata Metadata::FromDocument(std::shared_ptr<pugi::xml_document> document,
                                const std::string& path) {
  Metadata metadata;
  metadata.document_ = std::move(document);
  for (pugi::xml_node node : metadata.document_->child("mgrdata").children("metadata")) {
    const std::string func = node.attribute("name").value();
    if (!metadata.by_func_.emplace(func, node).second)
      throw std::runtime_error(path + ": " + func + " declared twice");
    for (pugi::xml_node button : node.child("toolbar").children("toolbtn")) {
      metadata.toolbuttons_.emplace(button.attribute("func").value(), button);
    }
    std::vector<FieldRule>& rules = metadata.forms_[func];
    for (pugi::xpath_node field : node.select_nodes("form//field/*[@name]")) {
      FieldRule rule;
      rule.name = field.node().attribute("name").value();
      rule.max_length = field.node().attribute("maxlength").as_uint();
      rule.check = field.node().attribute("check").value();
      rule.required = std::string_view(field.node().attribute("required").value()) == "yes";
      if (!rule.check.empty() && !Checks().count(rule.check)) {
        throw std::runtime_error(path + ": " + func + "/" + rule.name + ": unknown check '" +
                                 rule.check + "'");
      }
      rules.push_back(std::move(rule));
    }
  }
  return metadata;
}

std::optional<base::PluginError> Metadata::FieldError(const FieldRule& rule,
                                                      std::string_view value) {
  if (rule.max_length != 0 && base::Utf8Length(value) > rule.max_length) {
    return base::PluginError(base::ErrorKind::kInvalidValue, rule.name, "",
                             "longer than " + std::to_string(rule.max_length) + " characters");
  }
  if (!rule.check.empty() && !value.empty() &&
      !std::regex_match(value.begin(), value.end(), Checks().at(rule.check))) {
    return base::PluginError(base::ErrorKind::kInvalidValue, rule.name,
                             base::Utf8Prefix(value, 64));
  }
  return std::nullopt;
}

void Metadata::ValidateForm(std::string_view func, const Request& request) const {
  auto form = forms_.find(func);
  if (form == forms_.end()) return;
  for (const FieldRule& rule : form->second) {
    std::optional<std::string_view> value = request.Get(rule.name);
    if (!value) continue;
    if (std::optional<base::PluginError> error = FieldError(rule, *value)) throw *error;
  }
}

std::vector<base::PluginError> Metadata::FormErrors(std::string_view func,
                                                    const Request& request) const {
  std::vector<base::PluginError> errors;
  auto form = forms_.find(func);
  if (form == forms_.end()) return errors;
  const bool creating = request.GetOr("elid", "").empty();
  for (const FieldRule& rule : form->second) {
    const std::string_view value = request.GetOr(rule.name, "");
    if (rule.required && creating && value.empty()) {
      errors.emplace_back(base::ErrorKind::kInvalidValue, rule.name, "", "required field is empty");
    } else if (std::optional<base::PluginError> error = FieldError(rule, value)) {
      errors.push_back(*error);
    }
  }
  return errors;
}

void Metadata::AppendDevel(std::string_view func, std::string_view lang, const Messages& messages,
                           Reply& reply) const {
  auto node = by_func_.find(func);
  if (node == by_func_.end()) return;
  pugi::xml_node doc = reply.doc_node();
  doc.append_copy(node->second);
  pugi::xml_node section = doc.append_child("messages");
  section.append_attribute("name") = std::string(func).c_str();
  for (const auto& [name, text] : messages.Section(lang, func)) {
    pugi::xml_node msg = section.append_child("msg");
    msg.append_attribute("name") = name.c_str();
    msg.text().set(text.c_str());
  }
}

pugi::xml_node Metadata::Find(std::string_view func) const {
  auto node = by_func_.find(func);
  return node == by_func_.end() ? pugi::xml_node() : node->second;
}

pugi::xml_node Metadata::MainMenu(int level) const {
  pugi::xml_node best;
  for (pugi::xml_node menu : document_->child("mgrdata").children("mainmenu")) {
    const int menu_level = menu.attribute("level").as_int();
    if (menu_level <= level && (!best || menu_level > best.attribute("level").as_int()))
      best = menu;
  }
  return best;
}

std::string Metadata::ListOf(std::string_view func) const {
  pugi::xml_node button = ToolButton(func);
  return button ? button.parent().parent().attribute("name").value() : "";
}

pugi::xml_node Metadata::ToolButton(std::string_view func) const {
  auto button = toolbuttons_.find(func);
  return button == toolbuttons_.end() ? pugi::xml_node() : button->second;
}

}  // namespace resellermgr::core
