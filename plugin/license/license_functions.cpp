// IP licences (issue 24): license, license.edit, license.delete, license.availability, and what
// the licence family's function files share (the fields of their forms).

#include "license/license_functions.h"

#include <charconv>
#include <set>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/days.h"
#include "base/errors.h"
#include "base/text.h"
#include "billing/daily_share.h"
#include "changes/changes.h"
#include "core/ip_list.h"
#include "core/messages.h"
#include "money/amount.h"
#include "ratecard/ratecard_store.h"
#include "wallet/wallet_store.h"

namespace resellermgr::license {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr std::size_t kMaxHostname = 255;

std::string OnOff(bool value) { return value ? "on" : "off"; }

std::string RequireAddress(const Request& request, const char* field) {
  const std::string& text = request.Require(field);
  const std::optional<std::string> ip = core::CanonicalAddress(text);
  if (!ip || !core::IsHostAddress(*ip))
    throw PluginError(ErrorKind::kInvalidValue, field, base::Utf8Prefix(text, 64),
                      "one IPv4 or IPv6 address of a server");
  return *ip;
}

LicenseQuery QueryOf(const Deps& deps, const Request& request) {
  LicenseQuery q;
  q.sort = std::string(request.GetOr("p_sort", "ip"));
  q.descending = request.GetOr("p_order", "asc") == "desc";
  q.page = static_cast<int>(request.GetInt("p_num", 1, 1, 1000000));
  q.page_size = static_cast<int>(request.GetInt("p_cnt", 100, 1, 1000));
  q.stale_days = deps.config.license_stale_days;
  // The IP filter is a prefix of the canonical form ("192.0.2." finds the range).
  q.ip = std::string(request.GetOr("ip", ""));
  if (q.ip.size() > 45 || q.ip.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
    throw PluginError(ErrorKind::kInvalidValue, "ip", base::Utf8Prefix(q.ip, 45),
                      "the start of an address");
  q.ip = base::AsciiLower(q.ip);
  q.type_code = static_cast<int>(request.GetInt("type", 0, 0, 1000000));
  q.search = std::string(request.GetOr("search", ""));
  if (q.search.size() > 255 || !base::IsInputText(q.search))
    throw PluginError(ErrorKind::kInvalidValue, "search", "");
  if (std::optional<ServerAccount> account =
          ServerAccountField(deps, request, "server_account", request.caller().account_id))
    q.server_account_id = account->id;
  return q;
}

// license: the licences the caller reaches (its own and those below it), filtered, sorted, paged,
// under the caller's totals.
Reply ListLicenses(const Deps& deps, const Request& request) {
  const LicenseQuery query = QueryOf(deps, request);
  const LicensePage page =
      deps.Get<LicenseStore>().List(tenancy::Reach::Of(request.caller()), query);
  Reply reply;
  for (const License& l : page.rows) {
    core::Element row = reply.AddRow();
    row.Set("id", l.id)
        .Set("ip", l.ip)
        .Set("hostname", l.hostname)
        .Set("type", l.type_code)
        .Set("type_name", l.type_name)
        .Set("owner", l.owner)
        .Set("server_account", l.server_account)
        .Set("created", l.created)
        .Set("last_checkin", l.last_checkin)
        .Set("stale", OnOff(l.stale))
        .Set("by_key", OnOff(l.by_key));
  }
  core::Element root = reply.Root();
  root.Set("p_num", query.page).Set("p_cnt", query.page_size).Set("p_elems", page.total);
  root.Set("p_sort", query.sort).Set("p_order", query.descending ? "desc" : "asc");
  AddTotals(deps, request, root);
  AddTypeList(deps, request, root, "type", true);  // the filter's choice, "any" first
  return reply;
}

// The account a new licence is for: `owner` (a reseller in reach), else the caller's own.
account::Account Holder(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  account::Directory& accounts = deps.Get<account::Directory>();
  const std::string_view owner = request.GetOr("owner", "");
  std::optional<account::Account> holder =
      owner.empty() || owner == caller.account
          ? accounts.Get(caller.account_id)
          : accounts.Find(tenancy::Scope::Of(caller), tenancy::kResellerLevel, owner);
  if (!holder) throw PluginError(ErrorKind::kNotFound, "owner", base::Utf8Prefix(owner, 64));
  return *holder;
}

// Whether the holder's funds cover the first day of a licence of `type` at its provider card.
void CheckFunds(const Deps& deps, const account::Account& holder, const LicenseType& type) {
  if (holder.level >= tenancy::kAdminLevel) return;  // the operator's own
  const std::map<int, std::int64_t> costs = MonthlyCosts(deps, holder.id);
  auto cost = costs.find(type.code);
  if (cost == costs.end() || cost->second == 0) return;
  const std::string today = base::UtcDay();
  const std::int64_t first_day =
      billing::DailyShare(cost->second, base::DayOfMonth(today), base::DaysInMonth(today));
  const wallet::Wallet w = deps.Get<wallet::WalletStore>().ForAccount(holder.id, true);
  if (w.available() < first_day)
    throw PluginError(ErrorKind::kLimit, "balance", money::FormatAmount(w.available()),
                      "the wallet cannot pay the first day (" + money::FormatAmount(first_day) +
                          "): add funds first");
}

Reply ShowLicenseForm(const Deps& deps, const Request& request) {
  Reply reply;
  core::Element form = reply.Root();
  const std::string_view elid = request.GetOr("elid", "");
  std::string server_account;
  if (!elid.empty()) {
    const std::optional<long long> id = request.GetId("elid");
    const std::optional<License> l =
        id ? deps.Get<LicenseStore>().Find(tenancy::Reach::Of(request.caller()), *id)
           : std::nullopt;
    if (!l) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(elid, 20));
    form.Set("elid", l->id)
        .Set("ip", l->ip)
        .Set("type", l->type_code)
        .Set("hostname", l->hostname)
        .Set("owner", l->owner);
    server_account = l->server_account;
  }
  form.Set("server_account", server_account);
  AddTypeList(deps, request, form, "type");
  AddServerAccountList(deps, request, form);
  return reply;
}

// license.edit: a new licence for an IP and a type (its holder: `owner`, a reseller below the
// caller, else the caller), or, with elid, a licence's server account and hostname.
Reply EditLicense(const Deps& deps, const Request& request) {
  if (!request.Submitted()) return ShowLicenseForm(deps, request);
  LicenseStore& store = deps.Get<LicenseStore>();
  const core::Caller& caller = request.caller();
  if (!request.GetOr("elid", "").empty()) {
    const std::optional<long long> id = request.GetId("elid");
    std::optional<License> l = id ? store.Find(tenancy::Reach::Of(caller), *id) : std::nullopt;
    if (!l)
      throw PluginError(ErrorKind::kNotFound, "elid",
                        base::Utf8Prefix(request.GetOr("elid", ""), 20));
    const std::optional<ServerAccount> account =
        ServerAccountField(deps, request, "server_account", l->account_id);
    store.SetServerAccount(l->id, account ? std::optional<long long>(account->id) : std::nullopt);
    deps.changes.Record(
        request,
        {Target(l->ip, l->type_code),
         "changed",
         audit::RedactedParams(request),
         "license.changed",
         {{"server_account", l->server_account, account ? account->login : std::string()}},
         l->owner});
    return Reply::Ok();
  }
  const std::string ip = RequireAddress(request, "ip");
  const LicenseType type = RequireType(deps, request, "type");
  const account::Account holder = Holder(deps, request);
  const std::optional<ServerAccount> account =
      ServerAccountField(deps, request, "server_account", holder.id);
  const std::string hostname = HostnameField(request);
  if (const std::string conflict = Conflict(store.OfIp(ip), type, store); !conflict.empty())
    throw PluginError(ErrorKind::kExists, "ip", ip,
                      conflict == "taken"
                          ? "this address holds a " + type.name + " licence"
                          : "this address holds another " + type.product + " licence");
  // The limits along the holder's path (locked root first), then its server account's.
  if (const std::optional<long long> left = store.Headroom(holder.tree_path); left && *left < 1)
    throw PluginError(ErrorKind::kLimit, "limit_licenses", "", "the licence limit is reached");
  if (account && account->license_limit && account->licenses >= *account->license_limit)
    throw PluginError(ErrorKind::kLimit, "server_account", account->login,
                      "the server account's licence limit is reached");
  CheckFunds(deps, holder, type);
  const long long id =
      store.Add({ip, hostname, type.code, holder.id,
                 account ? std::optional<long long>(account->id) : std::nullopt, std::nullopt});
  deps.changes.Record(
      request,
      {Target(ip, type.code),
       "added",
       audit::RedactedParams(request),
       "license.added",
       {{"ip", "", ip}, {"type", "", std::to_string(type.code)}, {"owner", "", holder.name}},
       holder.name});
  Reply reply = Reply::Ok();
  reply.Root().Set("id", id);
  return reply;
}

// license.delete: licences by id (elid=a, b), all or none.
Reply DeleteLicenses(const Deps& deps, const Request& request) {
  const std::vector<License> removed =
      deps.Get<LicenseStore>().Remove(tenancy::Reach::Of(request.caller()), RequireIds(request));
  for (const License& l : removed) {
    deps.changes.Record(request, {Target(l.ip, l.type_code),
                                  "removed",
                                  audit::RedactedParams(request),
                                  "license.removed",
                                  {{"ip", l.ip, ""}, {"owner", l.owner, ""}},
                                  l.owner});
  }
  return Reply::Ok();
}

// license.availability: for `ip`, each type on sale and whether the IP could take it
// ("available"), holds it ("taken") or holds another of its product ("excluded"). Names no holder.
// Without an address: no rows (the panel's page asks for one).
Reply Availability(const Deps& deps, const Request& request) {
  LicenseStore& store = deps.Get<LicenseStore>();
  if (request.GetOr("ip", "").empty()) return Reply();  // the page before an address is asked
  const std::string ip = RequireAddress(request, "ip");
  const std::vector<License> held = store.OfIp(ip);
  Reply reply;
  reply.Root().Set("ip", ip);
  for (const LicenseType& type : store.Types(tenancy::Reach::Of(request.caller()), true)) {
    const std::string conflict = Conflict(held, type, store);
    reply.AddRow()
        .Set("id", type.code)
        .Set("type", type.code)
        .Set("name", type.name)
        .Set("status", conflict.empty() ? "available" : conflict);
  }
  return reply;
}

}  // namespace

std::string HostnameField(const Request& request) {
  const std::string name(request.GetOr("hostname", ""));
  if (name.size() > kMaxHostname ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") !=
          std::string::npos)
    throw PluginError(ErrorKind::kInvalidValue, "hostname", base::Utf8Prefix(name, 64),
                      "a host name: letters, digits, '-' and '.'");
  return name;
}

std::string Conflict(const std::vector<License>& held, const LicenseType& type,
                     LicenseStore& store) {
  for (const License& l : held) {
    if (l.type_code == type.code) return "taken";
    const std::optional<LicenseType> other = store.Type(l.type_code);
    if (other && other->product == type.product && !(other->multiple && type.multiple))
      return "excluded";
  }
  return {};
}

std::optional<ServerAccount> ServerAccountField(const Deps& deps, const Request& request,
                                                const char* field, long long owner_id) {
  const std::string_view login = request.GetOr(field, "");
  if (login.empty()) return std::nullopt;
  std::optional<ServerAccount> account =
      deps.Get<LicenseStore>().FindServerAccount(owner_id, std::string(login));
  if (!account) throw PluginError(ErrorKind::kNotFound, field, base::Utf8Prefix(login, 64));
  return account;
}

std::vector<long long> RequireIds(const Request& request, const char* field) {
  return request.RequireIdList(field);
}

void AddServerAccountList(const Deps& deps, const Request& request, core::Element form) {
  core::Element accounts = form.Add("slist").Attr("name", "server_account");
  accounts.Add("msg").Attr("key", "").Text("");
  for (const ServerAccount& s :
       deps.Get<LicenseStore>().ServerAccounts(request.caller().account_id))
    accounts.Add("msg").Attr("key", s.login).Text(s.login);
}

std::string Target(const std::string& ip, int type_code) {
  return "license:" + ip + "/" + std::to_string(type_code);
}

void RegisterLicenseFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("license",              AccessLevel::kReseller, Effect::kReads,   ListLicenses);
  registry.Add("license.edit",         AccessLevel::kReseller, Effect::kSubmits, EditLicense);
  registry.Add("license.delete",       AccessLevel::kReseller, Effect::kChanges, DeleteLicenses);
  registry.Add("license.availability", AccessLevel::kReseller, Effect::kReads,   Availability);
  // clang-format on
  RegisterTypeFunctions(registry);
  registry.SetGroup("license", "licenses");
}

}  // namespace resellermgr::license
