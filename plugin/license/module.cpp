#include "license/module.h"

#include <charconv>

#include "account/account_store.h"
#include "account/reach_counters.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "license/backup_store.h"
#include "license/license_functions.h"
#include "license/license_store.h"
#include "ratecard/item_kinds.h"
#include "tenancy/removal_guards.h"

namespace resellermgr::license {
namespace {

using base::ErrorKind;
using base::PluginError;

// license:CODE on a rate card: a licence type on sale, a month per licence.
void CheckItem(const Deps& deps, const core::Request&, const std::string& item) {
  int code = 0;
  const std::string_view digits = std::string_view(item).substr(8);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), code);
  const std::optional<LicenseType> type =
      error == std::errc() && end == digits.data() + digits.size() && code > 0
          ? deps.Get<LicenseStore>().Type(code)
          : std::nullopt;
  if (!type || !type->enabled)
    throw PluginError(ErrorKind::kNotFound, "item", base::Utf8Prefix(item, 96),
                      "no licence type on sale has the code " + base::Utf8Prefix(digits, 16));
}

// What the daily run charges for: the licences of the payer's subtree, by type.
std::map<std::string, long long> Held(const Deps& deps, long long account_id,
                                      const std::string& path) {
  std::map<std::string, long long> held;
  for (const auto& [code, count] : deps.Get<LicenseStore>().HeldBelow(account_id, path))
    held["license:" + std::to_string(code)] = count;
  return held;
}

// backup_gib on a rate card: a GiB of licence backup a month.
void CheckBackupItem(const Deps&, const core::Request&, const std::string& item) {
  if (item != "backup_gib")
    throw PluginError(ErrorKind::kInvalidValue, "item", base::Utf8Prefix(item, 96),
                      "backup_gib names a GiB of licence backup");
}

std::map<std::string, long long> HeldBackup(const Deps& deps, long long account_id,
                                            const std::string& path) {
  return {{"backup_gib", deps.Get<BackupStore>().HeldGiB(account_id, path)}};
}

void AddStores(core::StoreContext& context) {
  LicenseStore& store = context.stores.Make<LicenseStore>(context.db);
  context.stores.Get<ratecard::ItemKinds>().Add({"license:", CheckItem, Held, "license:CODE"});
  context.stores.Make<BackupStore>(context.db);
  context.stores.Get<ratecard::ItemKinds>().Add(
      {"backup_gib", CheckBackupItem, HeldBackup, "backup_gib"});
  // A suspension preview counts the licences it stops.
  context.stores.Get<account::ReachCounters>().Add(
      {"licenses", [](const Deps& deps, long long account_id, const std::string& below) {
         return deps.Get<LicenseStore>().ValidAtOrBelow(account_id, below);
       }});
  // A reseller whose subtree holds licences is not deleted, like one with users.
  context.stores.Get<tenancy::RemovalGuards>().Add([&store](const std::vector<std::string>& paths) {
    const auto held = store.HeldAt(paths);
    if (!held) return;
    throw PluginError(ErrorKind::kExists, "licenses", held->first,
                      held->first + " holds " + std::to_string(held->second) +
                          " licences: remove them (license.delete) first");
  });
}

// limit_licenses on reseller.edit: how many licences the reseller's subtree may hold (empty:
// no limit of its own).
std::optional<account::Account> Edited(const Deps& deps, const core::Request& request) {
  const std::string_view elid = request.GetOr("elid", "");
  const std::string name(elid.empty() ? request.GetOr("name", "") : elid);
  if (name.empty()) return std::nullopt;
  return deps.Get<account::Directory>().Find(tenancy::Scope::Of(request.caller()),
                                             tenancy::kResellerLevel, name);
}

void ShowLimit(const Deps& deps, const core::Request& request, core::Element form) {
  if (request.GetOr("elid", "").empty()) return;
  const std::optional<account::Account> account = Edited(deps, request);
  if (!account) return;
  if (const std::optional<long long> limit = deps.Get<LicenseStore>().LimitOf(account->id))
    form.Set("limit_licenses", *limit);
}

void SaveLimit(const Deps& deps, const core::Request& request) {
  if (!request.Has("limit_licenses")) return;
  const std::optional<account::Account> account = Edited(deps, request);
  if (!account) return;
  std::optional<long long> limit;
  if (!request.GetOr("limit_licenses", "").empty())
    limit = request.GetInt("limit_licenses", 0, 0, 10000000);
  LicenseStore& store = deps.Get<LicenseStore>();
  const std::optional<long long> before = store.LimitOf(account->id);
  if (before == limit) return;
  store.SetLimit(account->id, limit);
  const auto text = [](const std::optional<long long>& v) {
    return v ? std::to_string(*v) : std::string();
  };
  deps.changes.Record(request, {account->name,
                                "licence limit " + (limit ? text(limit) : std::string("none")),
                                "",
                                "account.limits_changed",
                                {{"limit_licenses", text(before), text(limit)}}});
}

void RegisterFunctions(core::FunctionRegistry& registry) {
  RegisterLicenseFunctions(registry);
  RegisterCheckIn(registry);
  RegisterKeyFunctions(registry);
  RegisterServerAccountFunctions(registry);
  RegisterBackupFunctions(registry);
  registry.ExtendForm("reseller.edit", ShowLimit, SaveLimit);
}

}  // namespace

const core::Module kModule{
    .name = "license",
    .areas = {{"licenses"}, {"license_keys"}, {"server_accounts"}, {"backups"}},
    .register_functions = RegisterFunctions,
    .add_stores = AddStores,
    .tiles = {{45, LicenseTile}},
};

}  // namespace resellermgr::license
