#pragma once
// The list and form metadata of xml/ispmgr_mod_resellermgr.xml (COREmanager form), loaded once
// at start-up and read-only afterwards (safe to share between workers).
//
// Each form field is declared once, there: its maxlength and its check (username, email, phone,
// int, flag) are what ValidateForm enforces on a submitted form, before the handler runs. The
// handlers keep only the rules that need state or several fields (required on create, confirm,
// pools). out=devel returns a function's metadata and messages beside its data.

#include <map>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/messages.h"
#include "core/reply.h"
#include "core/request.h"

namespace resellermgr::core {

class Metadata {
 public:
  // Throws std::runtime_error for a missing or malformed file or an unknown check type.
  static Metadata LoadFile(const std::string& path);
  // The same over a merged document already in memory (`origin` names it in errors).
  static Metadata FromDocument(std::shared_ptr<pugi::xml_document> document,
                               const std::string& origin);

  // Checks every field of `func`'s form that `request` carries. Throws
  // PluginError(kInvalidValue, field) on the first violation. No form: nothing to check.
  void ValidateForm(std::string_view func, const Request& request) const;
  // Every field of a submitted form that its declaration refuses, in form order: what
  // ValidateForm checks, and required fields left empty on a new object (no elid). The panel
  // shows them all at once, beside their fields.
  std::vector<base::PluginError> FormErrors(std::string_view func, const Request& request) const;

  // Appends <metadata name="func"> (a copy) and <messages> for `lang` to `reply` (out=devel).
  void AppendDevel(std::string_view func, std::string_view lang, const Messages& messages,
                   Reply& reply) const;

  // For the browser panel. Nodes stay valid as long as this Metadata (they are read-only).
  // <metadata name="func">, or an empty node.
  pugi::xml_node Find(std::string_view func) const;
  // The <mainmenu> of the highest declared level not above `level`, or an empty node.
  pugi::xml_node MainMenu(int level) const;
  // The list whose toolbar offers `func` ("reseller.edit" -> "reseller"), or "".
  std::string ListOf(std::string_view func) const;
  // That toolbar's <toolbtn func="func">, or an empty node.
  pugi::xml_node ToolButton(std::string_view func) const;

 private:
  struct FieldRule {
    std::string name;
    std::size_t max_length = 0;  // in characters; 0 = none
    std::string check;
    bool required = false;
  };
  // What `rule` refuses in `value` (length, format), or nothing.
  static std::optional<base::PluginError> FieldError(const FieldRule& rule, std::string_view value);

  std::shared_ptr<pugi::xml_document> document_;
  std::map<std::string, pugi::xml_node, std::less<>> by_func_;
  std::map<std::string, std::vector<FieldRule>, std::less<>> forms_;
  std::map<std::string, pugi::xml_node, std::less<>> toolbuttons_;  // func -> <toolbtn>
};

}  // namespace resellermgr::core
