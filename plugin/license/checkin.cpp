// license.checkin (issue 24): the one function a licensed server calls, without a login. It
// answers only about the address the request came from (as nginx saw it): which licence types
// that address holds and may use now. With `key=` the server registers with an activation key
// (a slot of the key's, up to its limit). Each address has a number of check-ins a minute; the
// last check-in is written at most every few minutes, so a fleet checking in often costs reads.

#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/address_throttle.h"
#include "core/ip_list.h"
#include "db/transaction.h"
#include "license/license_functions.h"

namespace resellermgr::license {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::Reply;
using core::Request;

constexpr int kTouchSeconds = 300;  // a licence's last check-in is written at most this often
constexpr std::size_t kTokenLength = 32;

// A server registering with a key: a licence of the key's type for its address, held by the
// key's owner under the key's server account, while the key has a slot. What it says back:
// "registered", "full", "excluded" (its address holds another type of the product) or
// "unknown" (no such key, or its owner cannot hold licences now).
std::string Register(const Deps& deps, const Request& request, const std::string& ip,
                     const std::string& hostname, const std::string& token) {
  LicenseStore& store = deps.Get<LicenseStore>();
  if (token.size() != kTokenLength ||
      token.find_first_not_of("0123456789abcdef") != std::string::npos)
    return "unknown";
  const std::optional<Key> key = store.KeyByToken(token);
  if (!key) return "unknown";
  const std::vector<License> held = store.OfIp(ip);
  for (const License& l : held)
    if (l.type_code == key->type_code) return "registered";
  const std::optional<LicenseType> type = store.Type(key->type_code);
  if (!type || !type->enabled) return "unknown";
  // (an address holding the key's type was answered above: only "excluded" is left)
  if (!Conflict(held, *type, store).empty()) return "excluded";
  // The holder's licence limits along its path and the server account's bound it as they bound
  // license.edit; the key's slots last (taken in one statement, so the limit holds in parallel).
  if (const std::optional<long long> left = store.Headroom(key->owner_path); left && *left < 1)
    return "full";
  if (key->server_account_id && !store.ServerAccountHasRoom(*key->server_account_id)) return "full";
  if (!store.TakeSlot(key->id)) return "full";
  store.Add({ip, hostname, key->type_code, key->account_id, key->server_account_id, key->id});
  deps.changes.RecordFor(request, "license.checkin", key->account_id, key->owner,
                         {Target(ip, key->type_code),
                          "registered by key",
                          "",
                          "license.added",
                          {{"ip", "", ip},
                           {"type", "", std::to_string(key->type_code)},
                           {"key", "", std::to_string(key->id)}}});
  return "registered";
}

Reply CheckIn(const Deps& deps, const Request& request) {
  const std::optional<std::string> ip = core::CanonicalAddress(request.remote_addr());
  if (!ip) throw PluginError(ErrorKind::kInvalidValue, "ip", "", "no address to check");
  if (!core::AddressThrottle::Shared().Allow(*ip, deps.config.license_checkin_per_minute))
    throw PluginError(ErrorKind::kLimit, "throttled", "",
                      "too many check-ins from this address: try again in a minute");
  const std::string hostname = HostnameField(request);
  Reply reply;
  reply.Root().Set("ip", *ip);
  LicenseStore& store = deps.Get<LicenseStore>();
  // A registration is one transaction (its slot, its licence, its audit row); a plain check-in
  // reads once and writes only when a licence is due its last check-in.
  if (const std::string_view token = request.GetOr("key", ""); !token.empty()) {
    db::Transaction tx(deps.db);
    reply.Root().Set("key", Register(deps, request, *ip, hostname, std::string(token)));
    tx.Commit();
  }
  const LicenseStore::Seen seen = store.CheckIn(*ip, hostname, kTouchSeconds);
  if (seen.due) store.Touch(*ip, hostname, kTouchSeconds);
  for (const auto& [code, name] : seen.valid)
    reply.AddRow().Set("id", code).Set("type", code).Set("name", name);
  return reply;
}

}  // namespace

void RegisterCheckIn(core::FunctionRegistry& registry) {
  registry.Add("license.checkin", core::AccessLevel::kGuest, core::Effect::kChanges, CheckIn);
  registry.SetGroup("license.checkin", "");  // no login: no permission group
  registry.NeverReplay("license.checkin");
  registry.OwnTransactions("license.checkin");  // one only for a registration
}

}  // namespace resellermgr::license
