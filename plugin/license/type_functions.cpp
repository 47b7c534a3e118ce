// Licence types (issue 24): license.type, license.type.edit (the admin's), and the type fields the
// other licence forms take.

#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/messages.h"
#include "license/license_functions.h"

namespace resellermgr::license {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

std::string OnOff(bool value) { return value ? "on" : "off"; }

// license.type: the products that can be sold (resellers: the enabled ones), with how many
// licences of each the caller reaches.
Reply ListTypes(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  Reply reply;
  for (const LicenseType& t :
       deps.Get<LicenseStore>().Types(tenancy::Reach::Of(caller), !caller.admin())) {
    reply.AddRow()
        .Set("id", t.code)
        .Set("code", t.code)
        .Set("name", t.name)
        .Set("product", t.product)
        .Set("multiple", OnOff(t.multiple))
        .Set("enabled", OnOff(t.enabled))
        .Set("in_use", t.in_use);
  }
  return reply;
}

// license.type.edit (admin): a product's code (new only), name, product family, whether a server
// may hold it beside the family's other types, and whether it is sold.
Reply EditType(const Deps& deps, const Request& request) {
  LicenseStore& store = deps.Get<LicenseStore>();
  const std::string_view elid = request.GetOr("elid", "");
  std::optional<LicenseType> existing;
  if (!elid.empty()) {
    existing = store.Type(static_cast<int>(request.GetInt("elid", 0, 1, 1000000)));
    if (!existing) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(elid, 16));
  }
  if (!request.Submitted()) {
    Reply reply;
    if (existing) {
      reply.Root()
          .Set("elid", existing->code)
          .Set("code", existing->code)
          .Set("name", existing->name)
          .Set("product", existing->product)
          .Set("multiple", OnOff(existing->multiple))
          .Set("enabled", OnOff(existing->enabled));
    } else {
      reply.Root().Set("enabled", "on");
    }
    return reply;
  }
  LicenseType type = existing.value_or(LicenseType{});
  if (!existing) type.code = static_cast<int>(request.GetInt("code", 0, 1, 1000000));
  if (type.code == 0) throw PluginError(ErrorKind::kInvalidValue, "code", "", "a number from 1");
  const std::string name(request.GetOr("name", type.name));
  if (name.empty() || name.size() > 64 || !base::IsInputText(name))
    throw PluginError(ErrorKind::kInvalidValue, "name", base::Utf8Prefix(name, 64));
  const std::string product(request.GetOr("product", type.product));
  if (product.empty() || product.size() > 32 ||
      product.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
    throw PluginError(ErrorKind::kInvalidValue, "product", base::Utf8Prefix(product, 32),
                      "lower-case letters, digits, '-' and '_'");
  type.name = name;
  type.product = product;
  if (request.Has("multiple")) type.multiple = request.Flag("multiple");
  if (request.Has("enabled")) type.enabled = request.Flag("enabled");
  store.PutType(type, !existing);
  deps.changes.Record(request, {"license_type:" + std::to_string(type.code),
                                existing ? "changed" : "created",
                                audit::RedactedParams(request),
                                existing ? "license.type_changed" : "license.type_created",
                                {{"name", existing ? existing->name : "", type.name}}});
  return Reply::Ok();
}

}  // namespace

LicenseType RequireType(const Deps& deps, const Request& request, const char* field) {
  const long long code = request.GetInt(field, 0, 1, 1000000);
  if (code == 0) throw PluginError(ErrorKind::kInvalidValue, field, "", "a licence type's code");
  const std::optional<LicenseType> type = deps.Get<LicenseStore>().Type(static_cast<int>(code));
  if (!type || !type->enabled)
    throw PluginError(ErrorKind::kNotFound, field, std::to_string(code), "no such licence type");
  return *type;
}

void AddTypeList(const Deps& deps, const Request& request, core::Element form, const char* name,
                 bool any) {
  core::Element types = form.Add("slist").Attr("name", name);
  if (any) {
    const std::string lang(request.lang(request.caller().lang));
    types.Add("msg").Attr("key", "").Text(deps.messages.Find(lang, "ui", "status_").value_or(""));
  }
  for (const LicenseType& t :
       deps.Get<LicenseStore>().Types(tenancy::Reach::Of(request.caller()), true))
    types.Add("msg")
        .Attr("key", std::to_string(t.code))
        .Text(std::to_string(t.code) + " " + t.name);
}

void RegisterTypeFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("license.type",      AccessLevel::kReseller, Effect::kReads,   ListTypes);
  registry.Add("license.type.edit", AccessLevel::kAdmin,    Effect::kSubmits, EditType);
  // clang-format on
}

}  // namespace resellermgr::license
