#include "auth/login_functions.h"

#include <regex>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "changes/changes.h"
#include "core/ip_list.h"
#include "core/deps.h"
#include "group/group_store.h"
#include "identity/login_store.h"
#include "identity/password_policy.h"
#include "util/crypto.h"

namespace resellermgr::auth {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

struct Company {
  long long id;
  std::string name;
};

// The company whose logins the call manages: the account acted as, or (an admin) the account
// plid names below it. Any other plid reads as unknown.
Company CompanyOf(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const std::string_view plid = request.GetOr("plid", "");
  if (plid.empty() || plid == caller.account) return {caller.account_id, caller.account};
  if (caller.admin()) {
    if (std::optional<account::Account> below =
            deps.Get<account::Directory>().FindBelow(tenancy::Scope::Of(caller), plid))
      return {below->id, below->name};
  }
  throw PluginError(ErrorKind::kNotFound, "plid", std::string(plid));
}

void AppendLogin(core::Element& e, const identity::StaffLogin& login) {
  e.Set("name", login.name)
      .Set("fullname", login.fullname)
      .Set("email", login.email)
      .Set("group", login.group)
      .Set("owner", login.owner ? "on" : "off")
      .Set("status", login.disabled ? "suspended" : "active")
      .Set("lang", login.lang)
      .Set("allowed_ips", login.allowed_ips)
      .Set("totp", login.totp ? "on" : "off");
}

Reply ListLogins(const Deps& deps, const Request& request) {
  const Company company = CompanyOf(deps, request);
  Reply reply;
  reply.Root().Set("plid", company.name);
  for (const identity::StaffLogin& login : deps.Get<identity::LoginStore>().List(company.id)) {
    core::Element row = reply.AddRow();
    AppendLogin(row, login);
  }
  return reply;
}

group::Viewer ViewerOf(const core::Caller& caller) {
  return {caller.account_id, static_cast<int>(caller.level)};
}

// The groups the caller may give a login: those it sees whose rights it holds itself.
void AppendGroupChoices(const Deps& deps, const Request& request, core::Element& doc) {
  const core::Caller& caller = request.caller();
  const core::Rights held = caller.permissions.Held();
  core::Element select = doc.Add("slist").Attr("name", "group");
  select.Add("msg").Attr("key", "").Text("");
  for (const group::Group& group : deps.Get<group::GroupStore>().Visible(ViewerOf(caller))) {
    if (held.Covers(group.rights)) select.Add("msg").Attr("key", group.name).Text(group.name);
  }
}

Reply ShowLogin(const Deps& deps, const Request& request) {
  const Company company = CompanyOf(deps, request);
  Reply reply;
  core::Element doc = reply.Root();
  doc.Set("plid", company.name);
  const std::string_view elid = request.GetOr("elid", "");
  if (elid.empty()) {
    identity::StaffLogin blank;
    blank.lang = "en";
    AppendLogin(doc, blank);
    doc.Set("force_password_change", "off");
  } else {
    std::optional<identity::StaffLogin> login =
        deps.Get<identity::LoginStore>().Find(company.id, elid);
    if (!login) throw PluginError(ErrorKind::kNotFound, "elid", std::string(elid));
    doc.Set("elid", login->name);
    AppendLogin(doc, *login);
    doc.Set("force_password_change", login->force_password_change ? "on" : "off");
  }
  AppendGroupChoices(deps, request, doc);
  return reply;
}

// The group a login is given: none (""), or one the caller sees and holds every right of.
long long GroupFor(const Deps& deps, const Request& request, std::string_view name) {
  if (name.empty()) return 0;
  const core::Caller& caller = request.caller();
  std::optional<group::Group> group =
      deps.Get<group::GroupStore>().FindVisible(ViewerOf(caller), name);
  if (!group) throw PluginError(ErrorKind::kNotFound, "group", std::string(name));
  if (!caller.permissions.Held().Covers(group->rights))
    throw PluginError(ErrorKind::kAccessDenied, "grant", group->rights.ToString());
  return group->id;
}

// A login is acted on (changed, suspended, deleted) only by a caller whose rights cover the
// login's own, as granting does (issue 20): staff with logins:edit cannot take over a login that
// holds more than they do (a money clerk's, say) by resetting its password or second factor.
void RequireCovers(const core::Caller& caller, const identity::StaffLogin& target) {
  if (target.owner || target.id == caller.login_id) return;  // owners and self: checked apart
  const core::Rights rights = core::Rights::Parse(target.rights).value_or(core::Rights::All());
  if (!caller.permissions.Held().Covers(rights))
    throw PluginError(ErrorKind::kAccessDenied, "grant", target.name,
                      "this login holds rights you do not have");
}

std::vector<std::pair<std::string, std::string>> Snapshot(const identity::StaffLogin& l) {
  return {{"fullname", l.fullname},
          {"email", l.email},
          {"group", l.group},
          {"owner", l.owner ? "on" : "off"},
          {"lang", l.lang},
          {"allowed_ips", l.allowed_ips},
          {"force_password_change", l.force_password_change ? "on" : "off"},
          {"totp", l.totp ? "on" : "off"}};
}

identity::LoginChanges ReadLoginChanges(const Deps& deps, const Request& request, bool create) {
  identity::LoginChanges changes;
  const auto text = [&request](const char* field) -> std::optional<std::string> {
    std::optional<std::string_view> value = request.Get(field);
    return value ? std::optional<std::string>(*value) : std::nullopt;
  };
  changes.fullname = text("fullname");
  changes.email = text("email");
  if (std::optional<std::string> lang = text("lang"); lang && !lang->empty()) {
    if (*lang != "en" && *lang != "ru") throw PluginError(ErrorKind::kInvalidValue, "lang", *lang);
    changes.lang = lang;
  }
  if (std::optional<std::string> ips = text("allowed_ips"))
    changes.allowed_ips = core::RequireIpList(*ips, "allowed_ips");
  if (request.Has("group")) changes.group_id = GroupFor(deps, request, request.GetOr("group", ""));
  if (request.Has("owner")) changes.owner = request.Flag("owner");
  if (request.Has("force_password_change"))
    changes.force_password_change = request.Flag("force_password_change");
  changes.password_hash =
      create ? std::optional(identity::ReadFirstPassword(request))
             : identity::ReadNewPassword(request, false);
  changes.totp_reset = !create && request.Flag("totp_reset");
  return changes;
}

Reply SaveLogin(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const Company company = CompanyOf(deps, request);
  const std::string_view elid = request.GetOr("elid", "");
  const bool create = elid.empty();
  const std::string name = create ? request.Require("name") : std::string(elid);
  static const std::regex kName("[a-z][a-z0-9_.-]{0,63}");
  if (create && !std::regex_match(name, kName))
    throw PluginError(ErrorKind::kInvalidValue, "name", name, "lower-case letters, digits, _ . -");

  std::optional<identity::StaffLogin> current;
  if (!create) {
    current = deps.Get<identity::LoginStore>().Find(company.id, name);
    if (!current) throw PluginError(ErrorKind::kNotFound, "elid", name);
  }
  if (current) RequireCovers(caller, *current);
  // One's own password changes only with the current one (usrparam).
  if (!create && current->id == caller.login_id && request.Has("passwd") &&
      !request.GetOr("passwd", "").empty())
    throw PluginError(ErrorKind::kAccessDenied, "own_password");
  identity::LoginChanges changes = ReadLoginChanges(deps, request, create);
  // Owner logins, and the owner flag, are for owners (not staff, not tokens) to change.
  const bool touches_owner = (current && current->owner) || changes.owner.value_or(false);
  if (touches_owner && !caller.permissions.FullOwner())
    throw PluginError(ErrorKind::kAccessDenied, "owner");
  if (!create && current->id == caller.login_id && changes.totp_reset)
    throw PluginError(ErrorKind::kAccessDenied, "self", name);
  // A login never locks itself out from where it is.
  if (!create && current->id == caller.login_id && changes.allowed_ips &&
      !core::IpListAllows(*changes.allowed_ips, request.remote_addr()))
    throw PluginError(ErrorKind::kInvalidValue, "allowed_ips", request.remote_addr(),
                      "this list would lock you out of your current address");

  if (create) {
    deps.Get<identity::LoginStore>().Create(company.id, name, changes);
  } else {
    deps.Get<identity::LoginStore>().Update(company.id, name, changes);
  }
  std::vector<changes::FieldChange> fields;
  if (!create) {
    if (std::optional<identity::StaffLogin> after =
            deps.Get<identity::LoginStore>().Find(company.id, name))
      fields = changes::Diff(Snapshot(*current), Snapshot(*after));
    if (changes.password_hash) fields.push_back({"password", "", "(changed)"});
  }
  deps.changes.Record(request, {"login:" + company.name + "/" + name,
                                create ? "created" : "changed", audit::RedactedParams(request),
                                create ? "login.created" : "login.changed", std::move(fields),
                                company.name});
  Reply reply = Reply::Ok();
  if (create) reply.Root().Set("id", name);
  return reply;
}

Reply EditLogin(const Deps& deps, const Request& request) {
  return request.Submitted() ? SaveLogin(deps, request) : ShowLogin(deps, request);
}

// The names of a group action on logins, checked for what the caller may do to each: never to
// its own login, and to an owner login only as an owner.
std::vector<std::string> TargetsOf(const Deps& deps, const Request& request,
                                   const Company& company) {
  const core::Caller& caller = request.caller();
  std::vector<std::string> names = request.RequireNameList("elid");
  for (const std::string& name : names) {
    std::optional<identity::StaffLogin> login =
        deps.Get<identity::LoginStore>().Find(company.id, name);
    if (!login) throw PluginError(ErrorKind::kNotFound, "elid", name);
    if (login->id == caller.login_id) throw PluginError(ErrorKind::kAccessDenied, "self", name);
    if (login->owner && !caller.permissions.FullOwner())
      throw PluginError(ErrorKind::kAccessDenied, "owner", name);
    RequireCovers(caller, *login);
  }
  return names;
}

Reply DeleteLogins(const Deps& deps, const Request& request) {
  const Company company = CompanyOf(deps, request);
  const std::vector<std::string> names = TargetsOf(deps, request, company);
  deps.Get<identity::LoginStore>().Delete(company.id, names);
  for (const std::string& name : names)
    deps.changes.Record(request,
                        {"login:" + company.name + "/" + name, "deleted", "", "login.deleted", {},
                         company.name});
  return Reply::Ok();
}

template <bool kSuspend>
Reply SetLoginsSuspended(const Deps& deps, const Request& request) {
  const Company company = CompanyOf(deps, request);
  const std::vector<std::string> names = TargetsOf(deps, request, company);
  deps.Get<identity::LoginStore>().SetDisabled(company.id, names, kSuspend);
  for (const std::string& name : names) {
    deps.changes.Record(request, {"login:" + company.name + "/" + name,
                                  kSuspend ? "suspended" : "resumed",
                                  "",
                                  kSuspend ? "login.suspended" : "login.resumed",
                                  {},
                                  company.name});
  }
  return Reply::Ok();
}

}  // namespace

void RegisterLoginFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("login",         AccessLevel::kReseller, Effect::kReads,   ListLogins);
  registry.Add("login.edit",    AccessLevel::kReseller, Effect::kSubmits, EditLogin);
  registry.Add("login.delete",  AccessLevel::kReseller, Effect::kChanges, DeleteLogins);
  registry.Add("login.suspend", AccessLevel::kReseller, Effect::kChanges, SetLoginsSuspended<true>);
  registry.Add("login.resume",  AccessLevel::kReseller, Effect::kChanges, SetLoginsSuspended<false>);
  // clang-format on
  registry.SetGroup("login", "logins");
}

}  // namespace resellermgr::auth
