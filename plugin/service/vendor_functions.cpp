// A reseller's vendor settings (issue 12): vendor.edit (where its clients' support goes, and
// its panel addresses), and the home page's "whom to ask" they feed.

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "contacts/contacts.h"
#include "core/deps.h"
#include "mail/mail.h"
#include "service/service_functions.h"
#include "tenancy/tenancy.h"

namespace resellermgr::service {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

// vendor.edit: a reseller's vendor settings (its own; the admin: elid, or its own without).
Reply EditVendor(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const std::string_view elid = request.GetOr("elid", "");
  const std::optional<account::Account> target = deps.Get<account::Directory>().OwnOrResellerBelow(
      tenancy::Scope::Of(caller), caller.account, elid);
  if (!target) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(elid, 64));
  const long long account_id = target->id;
  const std::string& name = target->name;
  const contacts::VendorSettings old = deps.Get<contacts::Contacts>().Vendor(account_id);
  if (!request.Submitted()) {
    Reply reply;
    reply.Root()
        .Set("elid", name)
        .Set("support_by", old.support_by)
        .Set("support_email", old.support_email)
        .Set("support_phone", old.support_phone)
        .Set("url_docs", old.url_docs)
        .Set("url_status", old.url_status)
        .Set("url_client_area", old.url_client_area);
    return reply;
  }
  contacts::VendorSettings v = old;
  v.support_by = std::string(request.GetOr("support_by", old.support_by));
  if (v.support_by != "vendor" && v.support_by != "reseller")
    throw PluginError(ErrorKind::kInvalidValue, "support_by", base::Utf8Prefix(v.support_by, 16));
  v.support_email = std::string(request.GetOr("support_email", old.support_email));
  if (!v.support_email.empty() && !mail::IsAddress(v.support_email))
    throw PluginError(ErrorKind::kInvalidValue, "support_email",
                      base::Utf8Prefix(v.support_email, 64));
  v.support_phone = std::string(request.GetOr("support_phone", old.support_phone));
  for (auto [field, value] : {std::pair{"url_docs", &v.url_docs},
                              {"url_status", &v.url_status},
                              {"url_client_area", &v.url_client_area}}) {
    *value = std::string(request.GetOr(field, *value));
    if (!value->empty() && !value->starts_with("https://") && !value->starts_with("http://"))
      throw PluginError(ErrorKind::kInvalidValue, field, base::Utf8Prefix(*value, 64),
                        "an http:// or https:// address");
  }
  deps.Get<contacts::Contacts>().SetVendor(account_id, v);
  deps.changes.Record(request, {"vendor:" + name,
                                "changed",
                                audit::RedactedParams(request),
                                "vendor.changed",
                                {{"support_by", old.support_by, v.support_by},
                                 {"support_email", old.support_email, v.support_email}}});
  return Reply::Ok();
}

}  // namespace

void RegisterVendorFunctions(core::FunctionRegistry& registry) {
  registry.Add("vendor.edit", AccessLevel::kReseller, Effect::kSubmits, EditVendor);
  registry.SetGroup("vendor", "services");
}

// The home page's "whom to ask" (vendor settings): the support the caller's provider routes it
// to, and the provider's documentation, status page and client area.
void SupportTile(const Deps& deps, const core::Request& request, core::Element home) {
  const core::Caller& caller = request.caller();
  if (caller.admin()) return;
  const std::vector<long long> path = tenancy::PathIds(caller.account_path);
  if (path.size() < 2) return;
  const long long provider_id = path[path.size() - 2];
  contacts::Contacts& contacts = deps.Get<contacts::Contacts>();
  const contacts::Route route = contacts.RouteFor(provider_id);
  const contacts::VendorSettings provider = contacts.Vendor(provider_id);
  home.Add("support")
      .Attr("provider", route.brand)
      .Attr("email", route.email)
      .Attr("phone", contacts.Vendor(route.center_account_id).support_phone)
      .Attr("docs", provider.url_docs)
      .Attr("status", provider.url_status)
      .Attr("client_area", provider.url_client_area);
}

}  // namespace resellermgr::service
