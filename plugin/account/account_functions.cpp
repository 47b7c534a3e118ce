#include "account/account_functions.h"

#include <algorithm>

#include "account/account_kind.h"
#include "account/account_rows.h"
#include "account/account_store.h"
#include "account/preview_functions.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "core/dispatcher.h"
#include "core/ip_list.h"
#include "identity/password_policy.h"
#include "money/amount.h"
#include "preset/preset_store.h"
#include "tenancy/limits.h"
#include "util/crypto.h"

namespace resellermgr::account {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

// A reseller is depth 1 (below the host's admins), a sub-reseller depth 2: no reseller deeper.
constexpr int kMaxResellerDepth = 2;
constexpr int kDefaultPageSize = 100;

// Names are case-insensitive and stored in lower case; the form metadata checks their format.
std::string LowercaseName(const Request& request) {
  return base::AsciiLower(request.Require("name"));
}

// The fields of reseller.edit / user.edit that the request carries (omitted ones keep).
AccountChanges ReadChanges(const Deps& deps, const Request& request, bool creating) {
  AccountChanges changes;
  ReadContactFields(request, changes);
  if (request.Has("oversell")) {
    // Overselling is given only by a parent that has it itself (issue 20).
    const core::Caller& caller = request.caller();
    if (request.Flag("oversell") && !caller.admin()) {
      const std::optional<Account> self = deps.Get<AccountStore>().Get(caller.account_id);
      if (!self || !self->oversell)
        throw PluginError(ErrorKind::kAccessDenied, "oversell", "",
                          "you may let an account oversell only when you may oversell yourself");
    }
    changes.oversell = request.Flag("oversell");
  }
  if (request.Has("require_totp")) changes.require_totp = request.Flag("require_totp");
  if (request.Has("may_resell")) {
    // The admin's to give: a reseller may not let its sub-resellers resell.
    if (request.caller().level < core::AccessLevel::kAdmin && request.Flag("may_resell"))
      throw PluginError(ErrorKind::kAccessDenied, "may_resell");
    changes.may_resell = request.Flag("may_resell");
  }
  if (request.Has("force_password_change"))
    changes.force_password_change = request.Flag("force_password_change");
  changes.password_hash = creating ? std::optional(identity::ReadFirstPassword(request))
                                   : identity::ReadNewPassword(request, false);
  // A preset of the caller's sets every limit; limit fields sent beside it override it.
  if (auto name = request.Get("preset"); name && !name->empty()) {
    std::optional<preset::Preset> preset =
        deps.Get<preset::PresetStore>().Find(request.caller().account_id, std::string(*name));
    if (!preset) throw PluginError(ErrorKind::kNotFound, "preset", std::string(*name));
    changes.preset = preset->name;
    for (const LimitDescriptor& d : deps.Get<AccountStore>().Descriptors()) {
      auto value = preset->limits.find(d.name);
      changes.limits[d.name] =
          value == preset->limits.end() ? std::nullopt : std::optional(value->second);
    }
  }
  for (auto& [limit, value] : ParseLimitFields(request, deps.Get<AccountStore>().Descriptors())) {
    changes.limits[limit] = value;
  }
  return changes;
}

void ApplyFilter(const ListFilter& filter, ListQuery& query) {
  query.name_contains = filter.name_contains;
  if (filter.status == "active" || filter.status == "suspended") {
    query.suspended = filter.status == "suspended";
  } else if (filter.status == "overlimit") {
    query.over_limit = true;
  } else if (!filter.status.empty()) {
    throw PluginError(ErrorKind::kInvalidValue, "status", filter.status);
  }
}

// reseller.filter / user.filter: without sok the saved filter, with sok a new one (empty fields
// clear it). The list applies it until it changes.
Reply EditFilter(const Deps& deps, const Request& request, const Kind& kind) {
  const long long login_id = request.caller().login_id;
  if (!request.Submitted()) {
    const ListFilter filter = deps.Get<AccountStore>().SavedFilter(login_id, kind.object);
    Reply reply;
    reply.Root().Set("name", filter.name_contains).Set("status", filter.status);
    core::Element select = reply.Root().Add("slist").Attr("name", "status");
    for (const char* status : {"", "active", "suspended", "overlimit"})
      select.Add("msg").Attr("key", status).Text(status);
    return reply;
  }
  ListFilter filter{std::string(request.GetOr("name", "")),
                    std::string(request.GetOr("status", ""))};
  ListQuery check;
  ApplyFilter(filter, check);  // rejects an unknown status before it is saved
  deps.Get<AccountStore>().SaveFilter(login_id, kind.object, filter);
  // A login's preference: audited, no event for anyone to act on.
  deps.changes.Record(
      request, {request.caller().account, "filter saved", audit::RedactedParams(request), "", {}});
  return Reply::Ok();
}

// The caller's saved filter for the list: read with the session when there is one (no extra
// statement), else from the store (authinfo, resellerctl).
ListFilter SavedFilterOf(const Deps& deps, const core::Caller& caller, const Kind& kind) {
  if (!caller.saved_filters)
    return deps.Get<AccountStore>().SavedFilter(caller.login_id, kind.object);
  return caller.saved_filters->at(kind.object);
}

// Lists: reseller / user.
Reply ListAccounts(const Deps& deps, const Request& request, const Kind& kind) {
  ListQuery query;
  query.level = kind.level;
  query.sort = std::string(request.GetOr("p_sort", "name"));
  query.descending = Descending(request);
  // Filter fields on the request win; otherwise the filter saved with reseller.filter/user.filter.
  ListFilter filter = request.Has("name") && request.Has("status")
                          ? ListFilter{}
                          : SavedFilterOf(deps, request.caller(), kind);
  if (request.Has("name")) filter.name_contains = std::string(request.GetOr("name", ""));
  if (request.Has("status")) filter.status = std::string(request.GetOr("status", ""));
  ApplyFilter(filter, query);
  // elid=a, b: only those rows (the panel's confirmation page shows what an action will reach).
  if (!request.GetOr("elid", "").empty()) query.names = request.RequireNameList("elid");
  query.page = static_cast<int>(request.GetInt("p_num", 1, 1, 1000000));
  query.page_size = static_cast<int>(request.GetInt("p_cnt", kDefaultPageSize, 1, kMaxPageSize));
  if (auto owner = request.Get("owner"); owner && !owner->empty() && kind.level == kUserLevel) {
    std::optional<Account> reseller =
        deps.Get<AccountStore>().Find(ScopeOf(request), kResellerLevel, *owner);
    if (!reseller) throw PluginError(ErrorKind::kNotFound, "owner", std::string(*owner));
    query.owner_id = reseller->id;
  }

  const ListResult result = deps.Get<AccountStore>().List(ScopeOf(request), query);
  Reply reply;
  for (const Account& a : result.rows) {
    core::Element row = reply.AddRow();
    row.Set("id", a.name).Set("name", a.name).Set("fullname", a.fullname).Set("owner", a.owner);
    row.Set("preset", a.preset);
    row.Set("level", a.level).Set("email", a.email).Set("active", a.suspended ? "off" : "on");
    if (a.suspended) row.Add("disabled");  // ISP4 flag
    for (const char* flag : {"limit_shell", "limit_cgi", "limit_ssi", "limit_ssl"}) {
      row.Set(std::string_view(flag).substr(6), a.limits.count(flag) ? "on" : "off");
    }
    const bool php = a.limits.count("limit_php_mode_mod") || a.limits.count("limit_php_mode_cgi") ||
                     a.limits.count("limit_php_mode_fcgi");
    row.Set("php", php ? "on" : "off");
    AppendUsage(row, a);
    if (kind.level == kResellerLevel)
      AppendIndicator(row, "users", a.users_count, a, "limit_users");
  }
  reply.Root().Set("p_num", query.page).Set("p_cnt", query.page_size).Set("p_elems", result.total);
  reply.Root().Set("p_sort", query.sort).Set("p_order", query.descending ? "desc" : "asc");
  return reply;
}

// "X left of Y" in the owner's pool, for each pooled limit the owner has, so the form says what
// may still be handed out before it is sent. `own` is what the account holds already (editing).
void AppendPool(const Deps& deps, core::Element& doc, long long owner_id, const LimitValues& own) {
  std::optional<Account> owner = deps.Get<AccountStore>().Get(owner_id);
  if (!owner || owner->level >= kAdminLevel) return;  // the host's pool has no limit
  const auto allocated = deps.Get<AccountStore>().Allocated(owner_id);
  for (const LimitDescriptor& d : deps.Get<AccountStore>().Descriptors()) {
    if (d.kind == LimitKind::kFlag || d.name == "limit_users") continue;
    auto total = owner->limits.find(d.name);
    if (total == owner->limits.end()) continue;
    std::uint64_t given = 0;
    if (auto a = allocated.find(d.name); a != allocated.end()) given = a->second;
    if (auto mine = own.find(d.name); mine != own.end()) given -= std::min(given, mine->second);
    const std::uint64_t left = given >= total->second ? 0 : total->second - given;
    doc.Add("pool")
        .Attr("name", d.name)
        .Attr("limit", FormatAmount(total->second, d.kind))
        .Attr("left", FormatAmount(left, d.kind));
  }
}

Reply ShowForm(const Deps& deps, const Request& request, const Kind& kind) {
  Reply reply;
  core::Element doc = reply.Root();
  const std::vector<LimitDescriptor>& descriptors = deps.Get<AccountStore>().Descriptors();
  if (auto elid = request.Get("elid"); elid && !elid->empty()) {
    std::optional<Account> account =
        deps.Get<AccountStore>().Find(ScopeOf(request), kind.level, *elid);
    if (!account) throw PluginError(ErrorKind::kNotFound, kind.object, std::string(*elid));
    doc.Set("elid", account->name).Set("name", account->name).Set("fullname", account->fullname);
    doc.Set("email", account->email).Set("phone", account->phone).Set("company", account->company);
    doc.Set("address", account->address);
    doc.Set("comment", account->comment).Set("owner", account->owner);
    doc.Set("allowed_ips", account->allowed_ips);
    doc.Set("require_totp", account->require_totp ? "on" : "off");
    // The template its limits came from; the form's preset field stays empty ("keep the limits"),
    // since choosing a template there applies it.
    doc.Set("preset_used", account->preset);
    if (kind.level != kResellerLevel) doc.Set("own_client", account->own_client ? "on" : "off");
    if (kind.level == kResellerLevel) {
      doc.Set("oversell", account->oversell ? "on" : "off");
      doc.Set("may_resell", account->may_resell ? "on" : "off");
    }
    AppendLimitFields(doc, account->limits, descriptors);
    AppendPool(deps, doc, account->owner_id, account->limits);
  } else {
    for (const char* field :
         {"name", "fullname", "email", "phone", "company", "address", "comment", "allowed_ips"})
      doc.Set(field, "");
    AppendLimitFields(doc, {}, descriptors);
    // A new account's pool is the caller's own (an admin's reseller draws on nothing).
    if (request.caller().level < AccessLevel::kAdmin) {
      AppendPool(deps, doc, request.caller().account_id, {});
      // Before a new user's form is filled (issue 20): the slots left, and what takes them.
      const UsersPool slots = kind.level == kUserLevel
                                  ? deps.Get<AccountStore>().Users(request.caller().account_id)
                                  : UsersPool{};
      if (slots.limit) {
        doc.Add("slots")
            .Attr("limit", *slots.limit)
            .Attr("own", slots.own)
            .Attr("given", slots.given)
            .Attr("left", slots.left());
      }
    }
  }
  // The caller's templates for the preset select (empty: none), each with its limits
  // ("limit_quota=1024,limit_shell=1") so the panel can fill the form when one is chosen.
  core::Element presets = doc.Add("slist").Attr("name", "preset");
  presets.Add("msg").Attr("key", "").Text("");
  for (const preset::Preset& preset :
       deps.Get<preset::PresetStore>().List(request.caller().account_id)) {
    std::string limits;
    for (const auto& [limit, value] : preset.limits)
      limits += (limits.empty() ? "" : ",") + limit + "=" + std::to_string(value);
    presets.Add("msg").Attr("key", preset.name).Attr("limits", limits).Text(preset.name);
  }
  return reply;
}

// Who a new reseller reports to (tenancy keeps one level of sub-resellers): the admin's own
// account, or a top reseller; a reseller creates sub-resellers only under itself, and only when
// the admin lets it (may_resell).
long long ResellerOwnerFor(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const Scope scope = ScopeOf(request);
  const std::string_view owner = request.GetOr("owner", "");
  if (caller.admin()) {
    if (owner.empty() || owner == caller.account) return caller.account_id;
    std::optional<Account> parent = deps.Get<AccountStore>().Find(scope, kResellerLevel, owner);
    if (!parent) throw PluginError(ErrorKind::kNotFound, "owner", std::string(owner));
    if (Depth(parent->tree_path) >= kMaxResellerDepth)
      throw PluginError(ErrorKind::kLimit, "depth", parent->name);
    return parent->id;
  }
  if (scope.depth() >= kMaxResellerDepth)
    throw PluginError(ErrorKind::kLimit, "depth", caller.account);
  std::optional<Account> self = deps.Get<AccountStore>().Get(caller.account_id);
  if (!self || !self->may_resell) throw PluginError(ErrorKind::kAccessDenied, "may_resell");
  // A sub-reseller is the caller's own: another owner is refused, never ignored (issue 20).
  if (!owner.empty() && owner != caller.account)
    throw PluginError(ErrorKind::kAccessDenied, "owner", std::string(owner),
                      "your sub-resellers are your own; only the admin puts one elsewhere");
  return caller.account_id;
}

long long OwnerFor(const Deps& deps, const Request& request, const Kind& kind) {
  const core::Caller& caller = request.caller();
  if (kind.level == kResellerLevel) return ResellerOwnerFor(deps, request);
  std::optional<std::string_view> owner = request.Get("owner");
  if (!owner || owner->empty() || *owner == caller.account) return caller.account_id;
  std::optional<Account> reseller =
      deps.Get<AccountStore>().Find(ScopeOf(request), kResellerLevel, *owner);
  if (reseller) return reseller->id;
  // The admin names an owner that must exist; a reseller's users are its own unless owner=
  // names one of its sub-resellers (ISP clients send their own name, or another, there).
  if (caller.admin()) throw PluginError(ErrorKind::kNotFound, "owner", std::string(*owner));
  return caller.account_id;
}

// What an account's edit may change, as name -> shown value, for the change's old -> new.
std::vector<std::pair<std::string, std::string>> Snapshot(const Account& a) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"fullname", a.fullname},
      {"email", a.email},
      {"phone", a.phone},
      {"company", a.company},
      {"address", a.address},
      {"comment", a.comment},
      {"preset", a.preset},
      {"allowed_ips", a.allowed_ips},
      {"oversell", a.oversell ? "on" : "off"},
      {"require_totp", a.require_totp ? "on" : "off"},
      {"may_resell", a.may_resell ? "on" : "off"}};
  for (const auto& [limit, value] : a.limits) fields.emplace_back(limit, std::to_string(value));
  return fields;
}

Reply SaveAccount(const Deps& deps, const Request& request, const Kind& kind) {
  std::optional<std::string_view> elid = request.Get("elid");
  Reply reply = Reply::Ok();
  if (!elid || elid->empty()) {
    const std::string name = LowercaseName(request);
    const AccountChanges changes = ReadChanges(deps, request, true);
    deps.Get<AccountStore>().Create(ScopeOf(request), kind.level, OwnerFor(deps, request, kind),
                                    name, changes);
    deps.changes.Record(
        request,
        {name, "created", audit::RedactedParams(request), EventOf(kind, "created"), {}, name});
    reply.Root().Set("id", name);
  } else {
    std::optional<Account> account =
        deps.Get<AccountStore>().Find(ScopeOf(request), kind.level, *elid);
    if (!account) throw PluginError(ErrorKind::kNotFound, kind.object, std::string(*elid));
    if (auto name = request.Get("name"); name && !name->empty() && *name != account->name) {
      throw PluginError(ErrorKind::kInvalidValue, "name", std::string(*name),
                        "a name cannot be changed");
    }
    // The owner changes only by a move (issue 20: refused, never silently kept).
    if (auto owner = request.Get("owner"); owner && !owner->empty() && *owner != account->owner) {
      throw PluginError(ErrorKind::kInvalidValue, "owner", std::string(*owner),
                        std::string("the owner changes by a move (") + kind.object + ".move)");
    }
    if (request.Flag("preview"))
      return PreviewLimits(deps, *account, ReadChanges(deps, request, false));
    deps.Get<AccountStore>().Update(*account, ReadChanges(deps, request, false),
                                    request.Flag("force"));
    std::optional<Account> after =
        deps.Get<AccountStore>().Find(ScopeOf(request), kind.level, *elid);
    std::vector<changes::FieldChange> fields =
        after ? changes::Diff(Snapshot(*account), Snapshot(*after))
              : std::vector<changes::FieldChange>{};
    if (request.Has("passwd") && !request.GetOr("passwd", "").empty())
      fields.push_back({"password", "", "(changed)"});  // never the value
    deps.changes.Record(request, {account->name, "changed", audit::RedactedParams(request),
                                  EventOf(kind, "changed"), std::move(fields), account->name});
  }
  return reply;
}

Reply EditAccount(const Deps& deps, const Request& request, const Kind& kind) {
  if (!request.Submitted()) return ShowForm(deps, request, kind);
  return SaveAccount(deps, request, kind);
}

}  // namespace

void ReadContactFields(const core::Request& request, AccountChanges& changes) {
  changes.fullname = TextField(request, "fullname");
  changes.email = TextField(request, "email");
  changes.phone = TextField(request, "phone");
  changes.company = TextField(request, "company");
  changes.address = TextField(request, "address");
  changes.comment = TextField(request, "comment");
  // The company's address lock: every login of the account, staff included.
  if (std::optional<std::string> ips = TextField(request, "allowed_ips"))
    changes.allowed_ips = core::RequireIpList(*ips, "allowed_ips");
}

void RegisterAccountFunctions(core::FunctionRegistry& registry) {
  // One row per function, read as a table.
  // clang-format off
  const AccessLevel reseller = AccessLevel::kReseller;
  // Resellers reach the reseller functions for their sub-resellers (scope does the rest).
  registry.Add("reseller",          reseller, Effect::kReads,   For<ListAccounts, kReseller>);
  registry.Add("reseller.edit",     reseller, Effect::kSubmits, For<EditAccount, kReseller>);
  registry.Add("reseller.filter",   reseller, Effect::kSubmits, For<EditFilter, kReseller>);

  registry.Add("user",              reseller, Effect::kReads,   For<ListAccounts, kUser>);
  registry.Add("user.edit",         reseller, Effect::kSubmits, For<EditAccount, kUser>);
  registry.Add("user.add",          reseller, Effect::kSubmits, For<EditAccount, kUser>);
  registry.Add("user.add.finish",   reseller, Effect::kSubmits, For<EditAccount, kUser>);
  registry.Add("user.filter",       reseller, Effect::kSubmits, For<EditFilter, kUser>);
  // clang-format on
  for (const char* func : {"reseller.edit", "user.edit"}) registry.TakesPreview(func);
  RegisterLifecycleFunctions(registry);
  RegisterAccessFunctions(registry);
  RegisterMoveFunctions(registry);
}

}  // namespace resellermgr::account
