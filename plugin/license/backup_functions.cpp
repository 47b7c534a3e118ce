// Backups tied to a licence (issue 24): backup, backup.edit (activate with a size and a
// datacenter, resize), backup.delete, backup.manage (a one-time key link into the configured
// backup system, never a password) and backup.key (the backup system asking back what a key
// opens). Priced per GiB a month with the rate card item backup_gib.

#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/address_throttle.h"
#include "core/ip_list.h"
#include "license/backup_store.h"
#include "license/license_functions.h"
#include "util/crypto.h"

namespace resellermgr::license {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr long long kMaxGiB = 100000;

std::string BackupTarget(const Backup& b) {
  return "backup:" + b.ip + "/" + std::to_string(b.type_code);
}

std::string KeyHash(std::string_view key) { return util::Sha256Hex(key); }

std::vector<std::string> Datacenters(const Deps& deps) {
  std::vector<std::string> names;
  for (const std::string& name : base::SplitNames(deps.config.backup_datacenters))
    names.push_back(name);
  return names;
}

std::string Datacenter(const Deps& deps, const Request& request, const std::string& current) {
  const std::string wanted(request.GetOr("datacenter", current));
  for (const std::string& name : Datacenters(deps))
    if (name == wanted) return wanted;
  throw PluginError(ErrorKind::kInvalidValue, "datacenter", base::Utf8Prefix(wanted, 32),
                    "one of: " + deps.config.backup_datacenters);
}

Backup RequireBackup(const Deps& deps, const Request& request) {
  const std::optional<long long> id = request.GetId("elid");
  std::optional<Backup> backup =
      id ? deps.Get<BackupStore>().Find(tenancy::Reach::Of(request.caller()), *id) : std::nullopt;
  if (!backup)
    throw PluginError(ErrorKind::kNotFound, "elid",
                      base::Utf8Prefix(request.GetOr("elid", ""), 20));
  return *backup;
}

// backup: the backups of the licences the caller reaches.
Reply ListBackups(const Deps& deps, const Request& request) {
  Reply reply;
  for (const Backup& b : deps.Get<BackupStore>().List(tenancy::Reach::Of(request.caller()))) {
    reply.AddRow()
        .Set("id", b.id)
        .Set("ip", b.ip)
        .Set("type_name", b.type_name)
        .Set("license", b.license_id)
        .Set("size_gib", b.size_gib)
        .Set("datacenter", b.datacenter)
        .Set("owner", b.owner)
        .Set("created", b.created)
        .Set("changed", b.changed);
  }
  return reply;
}

// backup.edit: a backup for a licence (`license`: its id) with `size_gib` and `datacenter`, or,
// with elid, a backup's new size or datacenter.
Reply EditBackup(const Deps& deps, const Request& request) {
  BackupStore& backups = deps.Get<BackupStore>();
  const bool editing = !request.GetOr("elid", "").empty();
  if (!request.Submitted()) {
    Reply reply;
    core::Element form = reply.Root();
    std::string datacenter;
    if (editing) {
      const Backup b = RequireBackup(deps, request);
      form.Set("elid", b.id).Set("license", b.license_id).Set("size_gib", b.size_gib);
      datacenter = b.datacenter;
    } else {
      form.Set("license", std::string(request.GetOr("license", ""))).Set("size_gib", 10);
    }
    form.Set("datacenter", datacenter);
    // The licences to choose from (the first 1000 in reach; the API takes any licence id).
    core::Element licences = form.Add("slist").Attr("name", "license");
    LicenseQuery query;
    query.page_size = 1000;
    for (const License& l :
         deps.Get<LicenseStore>().List(tenancy::Reach::Of(request.caller()), query).rows)
      licences.Add("msg").Attr("key", std::to_string(l.id)).Text(l.ip + " " + l.type_name);
    core::Element list = form.Add("slist").Attr("name", "datacenter");
    for (const std::string& name : Datacenters(deps)) list.Add("msg").Attr("key", name).Text(name);
    return reply;
  }
  const long long size = request.GetInt("size_gib", 0, 1, kMaxGiB);
  if (size == 0) throw PluginError(ErrorKind::kInvalidValue, "size_gib", "", "1 GiB or more");
  if (editing) {
    const Backup b = RequireBackup(deps, request);
    const std::string datacenter = Datacenter(deps, request, b.datacenter);
    backups.Change(b.id, size, datacenter);
    deps.changes.Record(request, {BackupTarget(b),
                                  "resized",
                                  audit::RedactedParams(request),
                                  "backup.changed",
                                  {{"size_gib", std::to_string(b.size_gib), std::to_string(size)},
                                   {"datacenter", b.datacenter, datacenter}}});
    return Reply::Ok();
  }
  const std::optional<long long> license_id = request.GetId("license");
  const std::optional<License> license =
      license_id ? deps.Get<LicenseStore>().Find(tenancy::Reach::Of(request.caller()), *license_id)
                 : std::nullopt;
  if (!license)
    throw PluginError(ErrorKind::kNotFound, "license",
                      base::Utf8Prefix(request.GetOr("license", ""), 20));
  const std::string datacenter = Datacenter(deps, request, "");
  const long long id = backups.Add(license->id, size, datacenter);
  deps.changes.Record(request,
                      {"backup:" + license->ip + "/" + std::to_string(license->type_code),
                       "activated",
                       audit::RedactedParams(request),
                       "backup.activated",
                       {{"size_gib", "", std::to_string(size)}, {"datacenter", "", datacenter}}});
  Reply reply = Reply::Ok();
  reply.Root().Set("id", id);
  return reply;
}

Reply DeleteBackups(const Deps& deps, const Request& request) {
  for (const Backup& b :
       deps.Get<BackupStore>().Remove(tenancy::Reach::Of(request.caller()), RequireIds(request))) {
    deps.changes.Record(request, {BackupTarget(b),
                                  "removed",
                                  audit::RedactedParams(request),
                                  "backup.removed",
                                  {{"size_gib", std::to_string(b.size_gib), ""}}});
  }
  return Reply::Ok();
}

// backup.manage: a link into the backup system for this backup, with a key that works once and
// for key_ttl_seconds. The panel follows it (`location`).
Reply Manage(const Deps& deps, const Request& request) {
  if (deps.config.backup_url.empty())
    throw PluginError(ErrorKind::kInvalidValue, "backup_url", "",
                      "no backup system is configured (backup_url)");
  const Backup b = RequireBackup(deps, request);
  const std::string key = util::RandomToken();
  deps.Get<BackupStore>().PutKey(b.id, KeyHash(key), deps.config.key_ttl_seconds);
  deps.changes.Record(request, {BackupTarget(b), "manage link", "", "", {}});
  const std::string& url = deps.config.backup_url;
  Reply reply = Reply::Ok();
  reply.Root().Set("location", url + (url.find('?') == std::string::npos ? "?" : "&") +
                                   "key=" + key + "&backup=" + std::to_string(b.id));
  return reply;
}

// backup.key (the backup system, without a login): what a manage key opens, the key spent.
Reply TakeKey(const Deps& deps, const Request& request) {
  const std::optional<std::string> ip = core::CanonicalAddress(request.remote_addr());
  if (!ip || !core::AddressThrottle::Shared().Allow("backup.key " + *ip,
                                                    deps.config.license_checkin_per_minute))
    throw PluginError(ErrorKind::kLimit, "throttled", "",
                      "too many requests from this address: try again in a minute");
  const std::string& key = request.Require("key");
  const std::optional<Backup> b =
      key.size() == 64 ? deps.Get<BackupStore>().TakeKey(KeyHash(key)) : std::nullopt;
  if (!b) throw PluginError(ErrorKind::kAuth, "key");
  deps.changes.RecordFor(request, "backup.key", b->account_id, b->owner,
                         {BackupTarget(*b), "opened by key", "", "", {}});
  Reply reply;
  reply.Root()
      .Set("backup", b->id)
      .Set("ip", b->ip)
      .Set("type", b->type_code)
      .Set("size_gib", b->size_gib)
      .Set("datacenter", b->datacenter)
      .Set("owner", b->owner);
  return reply;
}

}  // namespace

void RegisterBackupFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("backup",        AccessLevel::kReseller, Effect::kReads,   ListBackups);
  registry.Add("backup.edit",   AccessLevel::kReseller, Effect::kSubmits, EditBackup);
  registry.Add("backup.delete", AccessLevel::kReseller, Effect::kChanges, DeleteBackups);
  registry.Add("backup.manage", AccessLevel::kReseller, Effect::kChanges, Manage);
  registry.Add("backup.key",    AccessLevel::kGuest,    Effect::kChanges, TakeKey);
  // clang-format on
  registry.SetGroup("backup", "backups");
  registry.SetGroup("backup.key", "");  // no login: no permission group
  registry.NeverReplay("backup.manage");
  registry.NeverReplay("backup.key");
}

}  // namespace resellermgr::license
