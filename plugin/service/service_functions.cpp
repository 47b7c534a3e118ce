#include "service/service_functions.h"

#include <regex>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "contacts/contacts.h"
#include "core/deps.h"
#include "core/messages.h"
#include "mail/mail.h"
#include "service/service_store.h"
#include "ticket/ticket_store.h"

namespace resellermgr::service {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

const char* OnOff(bool on) { return on ? "on" : "off"; }

// The catalogue entry `name` with the caller's offer.
Service Named(const Deps& deps, const Request& request, std::string_view field) {
  const core::Caller& caller = request.caller();
  const std::string name(request.Require(field));
  std::optional<Service> service =
      deps.Get<ServiceStore>().Find(name, caller.account_id, caller.admin());
  if (!service)
    throw PluginError(ErrorKind::kNotFound, std::string(field), base::Utf8Prefix(name, 32));
  return *service;
}

// A client (a user) below the caller, by `elid` (or `plid`, the ISPmanager way of a nested
// list's parent, whose rows are then named by elid); a user caller is its own client.
struct Client {
  long long id = 0, owner_id = 0;
  std::string name;
};
Client ClientOf(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  if (caller.user()) {
    std::optional<account::Account> self = deps.Get<account::Directory>().Get(caller.account_id);
    if (!self) throw PluginError(ErrorKind::kNotFound, "elid", caller.account);
    return {self->id, self->owner_id, self->name};
  }
  const std::string name(request.Has("plid") ? request.Require("plid") : request.Require("elid"));
  std::optional<account::Account> user =
      deps.Get<account::Directory>().Find(tenancy::Scope::Of(caller), tenancy::kUserLevel, name);
  if (!user) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(name, 64));
  return {user->id, user->owner_id, user->name};
}

void AppendClientService(core::Element row, const ClientService& c, std::string_view lang) {
  row.Set("name", c.service.name)
      .Set("caption", c.service.Title(lang))
      .Set("visibility", c.visibility)
      .Set("visible", OnOff(c.visible))
      .Set("status", StatusName(c.status))
      .Set("previous_status", c.previous ? StatusName(*c.previous) : "")
      .Set("changed", c.changed_at);
}

// service: the catalogue with the caller's offer (what it resells and shows its clients).
Reply ListServices(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const std::string lang(request.lang(caller.lang));
  Reply reply;
  for (const Service& s : deps.Get<ServiceStore>().Catalogue(caller.account_id, caller.admin())) {
    reply.AddRow()
        .Set("name", s.name)
        .Set("caption", s.Title(lang))
        .Set("builtin", OnOff(s.builtin))
        .Set("resells", OnOff(s.resells))
        .Set("default_visible", OnOff(s.default_visible))
        .Set("in_use", s.in_use);
  }
  return reply;
}

bool Flag(const Request& request, const char* field, bool current) {
  const std::string_view value = request.GetOr(field, current ? "on" : "off");
  if (value != "on" && value != "off")
    throw PluginError(ErrorKind::kInvalidValue, field, base::Utf8Prefix(value, 16));
  return value == "on";
}

// service.edit: the admin adds a service to the catalogue (no elid) or renames one; anyone
// selling sets its offer: resold or not, shown to its clients by default or not. An offer that
// would hide a service some client uses is refused with the count.
Reply EditService(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const bool admin = caller.admin();
  const bool creating = request.GetOr("elid", "").empty();
  if (creating && !admin) throw PluginError(ErrorKind::kInvalidValue, "elid", "");
  if (!request.Submitted()) {
    Reply reply;
    if (creating) {
      reply.Root().Set("name", "").Set("title_en", "").Set("title_ru", "");
      reply.Root().Set("resells", "on").Set("default_visible", "on");
      return reply;
    }
    const Service s = Named(deps, request, "elid");
    reply.Root()
        .Set("elid", s.name)
        .Set("name", s.name)
        .Set("title_en", s.title_en)
        .Set("title_ru", s.title_ru)
        .Set("resells", OnOff(s.resells))
        .Set("default_visible", OnOff(s.default_visible))
        .Set("in_use", s.in_use);
    return reply;
  }
  std::vector<changes::FieldChange> fields;
  Service s;
  if (creating) {
    s.name = std::string(request.Require("name"));
    static const std::regex kName("[a-z][a-z0-9_-]{0,31}");
    if (!std::regex_match(s.name, kName))
      throw PluginError(ErrorKind::kInvalidValue, "name", base::Utf8Prefix(s.name, 32),
                        "lower-case letters, digits, - and _, up to 32");
    if (deps.Get<ServiceStore>().Find(s.name, caller.account_id, true))
      throw PluginError(ErrorKind::kExists, "name", s.name);
    s.title_en = std::string(request.Require("title_en"));
    s.title_ru = std::string(request.GetOr("title_ru", s.title_en));
    if (s.title_ru.empty()) s.title_ru = s.title_en;
    s.id = deps.Get<ServiceStore>().Create(s.name, s.title_en, s.title_ru);
    fields.push_back({"title_en", "", s.title_en});
  } else {
    s = Named(deps, request, "elid");
    if (admin && (request.Has("title_en") || request.Has("title_ru"))) {
      const std::string en(request.GetOr("title_en", s.title_en));
      const std::string ru(request.GetOr("title_ru", s.title_ru));
      if (en.empty()) throw PluginError(ErrorKind::kInvalidValue, "title_en", "");
      deps.Get<ServiceStore>().Rename(s.id, en, ru.empty() ? en : ru);
      fields.push_back({"title_en", s.title_en, en});
    }
  }
  const bool resells = Flag(request, "resells", s.resells);
  const bool shown = Flag(request, "default_visible", s.default_visible);
  if (resells != s.resells || shown != s.default_visible || creating) {
    if (const long long using_it =
            deps.Get<ServiceStore>().InUseHiddenBy(caller.account_id, s.id, resells, shown)) {
      throw PluginError(ErrorKind::kInvalidValue, resells ? "default_visible" : "resells", "",
                        std::to_string(using_it) +
                            " of your clients use this service; pause or delete it for them "
                            "first");
    }
    deps.Get<ServiceStore>().SetOffer(caller.account_id, s.id, resells, shown);
    fields.push_back({"resells", OnOff(s.resells), OnOff(resells)});
    fields.push_back({"default_visible", OnOff(s.default_visible), OnOff(shown)});
  }
  deps.changes.Record(request,
                      {"service:" + s.name, creating ? "created" : "changed",
                       audit::RedactedParams(request), "service.changed", std::move(fields)});
  Reply reply = Reply::Ok();
  reply.Root().Set("id", s.name);
  return reply;
}

// service.delete (admin): services of its own that no client has ever had.
Reply DeleteServices(const Deps& deps, const Request& request) {
  for (const std::string& name : base::SplitNames(request.Require("elid"))) {
    std::optional<Service> s =
        deps.Get<ServiceStore>().Find(name, request.caller().account_id, true);
    if (!s) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(name, 32));
    if (s->builtin)
      throw PluginError(ErrorKind::kAccessDenied, "builtin", name, "built-in services stay");
    if (!deps.Get<ServiceStore>().Delete(s->id))
      throw PluginError(ErrorKind::kExists, "clients", name, "clients have this service");
    deps.changes.Record(request, {"service:" + name, "deleted", "", "service.deleted", {}});
  }
  return Reply::Ok();
}

// client.service: a client's services (elid; a user: its own, only those it sees).
Reply ListClientServices(const Deps& deps, const Request& request) {
  const Client client = ClientOf(deps, request);
  const std::string lang(request.lang(request.caller().lang));
  const bool own = request.caller().user();
  Reply reply;
  // The rows' parent, for the actions on them (client.service.edit&plid=&elid=).
  if (!own) reply.Root().Set("plid", client.name);
  for (const ClientService& c : deps.Get<ServiceStore>().ForClient(client.id, client.owner_id)) {
    if (own && !c.visible) continue;
    AppendClientService(reply.AddRow(), c, lang);
  }
  return reply;
}

ClientService ClientServiceOf(const Deps& deps, const Request& request, const Client& client,
                              const char* field) {
  const Service named = Named(deps, request, field);
  std::optional<ClientService> c =
      deps.Get<ServiceStore>().ForClient(client.id, client.owner_id, named.id, true);
  if (!c) {
    throw PluginError(ErrorKind::kNotFound, field, named.name,
                      "the client's provider does not resell this service");
  }
  return *c;
}

std::string Allowed(Status from) {
  std::string allowed;
  for (std::string_view name : kStatusNames) {
    if (MayMove(from, *ParseStatus(name)))
      allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  }
  return allowed.empty() ? "none" : allowed;
}

// Moves client `client`'s service `c` to `wanted` along the table (recorded).
void MoveStatus(const Deps& deps, const Request& request, const Client& client,
                const ClientService& c, const std::string& wanted) {
  const std::optional<Status> to = ParseStatus(wanted);
  if (!to) throw PluginError(ErrorKind::kInvalidValue, "status", base::Utf8Prefix(wanted, 16));
  if (!MayMove(c.status, *to)) {
    throw PluginError(ErrorKind::kInvalidValue, "status", wanted,
                      "from " + std::string(StatusName(c.status)) +
                          " the service may go to: " + Allowed(c.status));
  }
  if (InUse(*to) && !c.visible) {
    throw PluginError(ErrorKind::kInvalidValue, "status", wanted,
                      "the client does not see this service: show it first");
  }
  deps.Get<ServiceStore>().SetStatus(client.id, c.service.id, c.status, *to);
  deps.changes.Record(request, {"client:" + client.name + "/" + c.service.name,
                                "status " + wanted,
                                audit::RedactedParams(request),
                                "client.service.status",
                                {{"status", std::string(StatusName(c.status)), wanted}},
                                client.name});
}

const char* ServiceField(const Request& request) {
  return request.Has("plid") ? "elid" : "service";
}

// client.service.status: moves a client's service along the table of transitions.
Reply SetClientServiceStatus(const Deps& deps, const Request& request) {
  const Client client = ClientOf(deps, request);
  MoveStatus(deps, request, client, ClientServiceOf(deps, request, client, ServiceField(request)),
             request.Require("status"));
  return Reply::Ok();
}

// client.service.edit: shows or hides a service for one client (or back to the default), and
// (with `status`) moves its status as client.service.status does. A service the client uses
// (active, trial) is never hidden. Named as `elid` (client) + `service`, or nested as `plid`
// (client) + `elid` (service).
Reply EditClientService(const Deps& deps, const Request& request) {
  const Client client = ClientOf(deps, request);
  ClientService c = ClientServiceOf(deps, request, client, ServiceField(request));
  if (!request.Submitted()) {
    Reply reply;
    core::Element doc = reply.Root();
    if (request.Has("plid"))
      doc.Set("plid", client.name).Set("elid", c.service.name);
    else
      doc.Set("elid", client.name);
    AppendClientService(doc, c, request.lang(request.caller().lang));
    doc.Set("service", c.service.name);
    // The statuses it may go to, beside the one it has.
    core::Element statuses = doc.Add("slist").Attr("name", "status");
    statuses.Add("msg").Attr("key", StatusName(c.status)).Text(StatusName(c.status));
    for (std::string_view name : kStatusNames)
      if (MayMove(c.status, *ParseStatus(name))) statuses.Add("msg").Attr("key", name).Text(name);
    return reply;
  }
  // The status first (a form sends both), then the visibility against the new status.
  if (const std::string wanted(request.GetOr("status", ""));
      !wanted.empty() && wanted != StatusName(c.status)) {
    MoveStatus(deps, request, client, c, wanted);
    c = ClientServiceOf(deps, request, client, ServiceField(request));
  }
  if (!request.Has("visibility") || request.GetOr("visibility", "") == c.visibility)
    return Reply::Ok();
  const std::string visibility(request.Require("visibility"));
  if (visibility != "default" && visibility != "shown" && visibility != "hidden")
    throw PluginError(ErrorKind::kInvalidValue, "visibility", base::Utf8Prefix(visibility, 16));
  const bool visible =
      visibility == "shown" || (visibility == "default" && c.service.default_visible);
  if (!visible && InUse(c.status)) {
    throw PluginError(ErrorKind::kInvalidValue, "visibility", visibility,
                      "the service is " + std::string(StatusName(c.status)) +
                          " for this client: pause or delete it first");
  }
  deps.Get<ServiceStore>().SetVisibility(client.id, c.service.id, visibility);
  deps.changes.Record(request, {"client:" + client.name + "/" + c.service.name,
                                "visibility " + visibility,
                                audit::RedactedParams(request),
                                "client.service.changed",
                                {{"visibility", c.visibility, visibility}},
                                client.name});
  return Reply::Ok();
}

// service.request (a client): asks its provider to activate a service it sees but cannot use
// yet. A ticket opens at the routed support (vendor or reseller), a mail goes to its address,
// and the service is "activating".
Reply RequestService(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const Client client = ClientOf(deps, request);
  const ClientService c = ClientServiceOf(deps, request, client, "elid");
  if (!c.visible) throw PluginError(ErrorKind::kNotFound, "elid", c.service.name);
  if (!MayMove(c.status, Status::kActivating)) {
    throw PluginError(ErrorKind::kInvalidValue, "status", std::string(StatusName(c.status)),
                      "the service is " + std::string(StatusName(c.status)) +
                          "; it can be asked for when new or after a trial");
  }
  const std::string note(request.GetOr("message", ""));
  deps.Get<ServiceStore>().SetStatus(client.id, c.service.id, c.status, Status::kActivating);
  const contacts::Route route = deps.Get<contacts::Contacts>().RouteFor(client.owner_id);
  const std::string title = c.service.Title(route.lang);
  const mail::Mail mail = deps.Get<mail::Composer>().ComposeTo(
      route.contact(), "service.request",
      {{"service", title}, {"client", client.name}, {"message", note}});
  const long long ticket = deps.Get<ticket::TicketStore>().Open(
      {route.center_account_id, client.id, mail.subject, "medium", "service", mail.body,
       caller.login, caller.account});
  deps.mail.Enqueue(mail);
  deps.changes.Record(request, {"client:" + client.name + "/" + c.service.name,
                                "activation requested",
                                audit::RedactedParams(request),
                                "service.requested",
                                {{"status", std::string(StatusName(c.status)), "activating"},
                                 {"ticket", "", std::to_string(ticket)}},
                                client.name});
  Reply reply = Reply::Ok();
  reply.Root().Set("ticket", ticket);
  return reply;
}

}  // namespace

void RegisterServiceFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("service",               AccessLevel::kReseller, Effect::kReads,   ListServices);
  registry.Add("service.edit",          AccessLevel::kReseller, Effect::kSubmits, EditService);
  registry.Add("service.delete",        AccessLevel::kAdmin,    Effect::kChanges, DeleteServices);
  registry.Add("service.request",       AccessLevel::kUser,     Effect::kChanges, RequestService);
  registry.Add("client.service",        AccessLevel::kUser,     Effect::kReads,   ListClientServices);
  registry.Add("client.service.edit",   AccessLevel::kReseller, Effect::kSubmits, EditClientService);
  registry.Add("client.service.status", AccessLevel::kReseller, Effect::kChanges, SetClientServiceStatus);
  // clang-format on
  registry.SetGroup("service", "services");
  registry.SetGroup("client.service", "services");
  RegisterVendorFunctions(registry);
  registry.SetObject("client.service", "service");
}

}  // namespace resellermgr::service
