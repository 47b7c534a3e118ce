// Submitted forms against the shipped metadata (xml/, loaded as the daemon loads it): the field
// checks (maxlength in characters, username, email, phone, int, ... as regular expressions) run
// on every value a caller sends. The first input byte picks the form, the rest is its body.
// Property: the two ways the server checks a form agree: a form with no FormErrors passes
// ValidateForm, and a form ValidateForm refuses has FormErrors naming that same field.

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.h"
#include "core/metadata.h"
#include "core/mgrdata.h"
#include "core/request.h"
#include "fuzz/fuzz.h"

namespace {

struct Forms {
  resellermgr::core::Metadata metadata;
  std::vector<std::string> funcs;  // every function with a form
};

const Forms& Shipped() {
  static const Forms forms = [] {
    const std::string path = RESELLERMGR_SOURCE_DIR "/xml/ispmgr_mod_resellermgr.xml";
    Forms loaded{resellermgr::core::Metadata::LoadFile(path), {}};
    pugi::xml_document merged;
    resellermgr::core::LoadMgrData(path, merged);
    for (pugi::xml_node node : merged.child("mgrdata").children("metadata"))
      if (node.child("form")) loaded.funcs.push_back(node.attribute("name").value());
    return loaded;
  }();
  return forms;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const Forms& forms = Shipped();
  if (size == 0 || forms.funcs.empty()) return 0;
  const std::string& func = forms.funcs[data[0] % forms.funcs.size()];
  resellermgr::core::RawRequest raw;
  raw.query = std::string(AsText(data + 1, size - 1));
  resellermgr::core::ParamLimits limits;
  limits.max_params = 64;
  limits.max_field_bytes = 8192;
  std::optional<resellermgr::core::Request> request;
  try {
    request = resellermgr::core::Request::Parse(raw, limits);
  } catch (const resellermgr::base::PluginError&) {
    return 0;  // refused before any form check
  }
  const std::vector<resellermgr::base::PluginError> errors =
      forms.metadata.FormErrors(func, *request);
  try {
    forms.metadata.ValidateForm(func, *request);
  } catch (const resellermgr::base::PluginError& refused) {
    bool named = false;
    for (const auto& error : errors) named = named || error.object() == refused.object();
    FUZZ_CHECK(named);
  }
  return 0;
}
