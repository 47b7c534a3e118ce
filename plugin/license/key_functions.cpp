// Activation keys (issue 24): license.key, license.key.edit, license.key.delete,
// license.key.servers. A key carries a licence type and a server limit; a server that checks in
// with it (license.checkin key=) takes a slot and gets a licence of the type, held by the key's
// owner under the key's server account.

#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
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

constexpr long long kMaxServers = 100000;

std::string KeyTarget(long long id) { return "license_key:" + std::to_string(id); }

Key RequireKey(const Deps& deps, const Request& request, const char* field) {
  const std::optional<long long> id = request.GetId(field);
  std::optional<Key> key =
      id ? deps.Get<LicenseStore>().FindKey(tenancy::Reach::Of(request.caller()), *id)
         : std::nullopt;
  if (!key)
    throw PluginError(ErrorKind::kNotFound, field, base::Utf8Prefix(request.GetOr(field, ""), 20));
  return *key;
}

std::string Note(const Request& request) {
  const std::string note(request.GetOr("note", ""));
  if (note.size() > 255 || !base::IsInputText(note))
    throw PluginError(ErrorKind::kInvalidValue, "note", base::Utf8Prefix(note, 64));
  return note;
}

// license.key: the keys the caller reaches (of one of its server accounts with
// server_account=), each with its servers used of its limit.
Reply ListKeys(const Deps& deps, const Request& request) {
  const std::optional<ServerAccount> account =
      ServerAccountField(deps, request, "server_account", request.caller().account_id);
  Reply reply;
  for (const Key& k : deps.Get<LicenseStore>().Keys(
           tenancy::Reach::Of(request.caller()),
           account ? std::optional<long long>(account->id) : std::nullopt)) {
    reply.AddRow()
        .Set("id", k.id)
        .Set("key", k.token)
        .Set("type", k.type_code)
        .Set("type_name", k.type_name)
        .Set("note", k.note)
        .Set("created", k.created)
        .Set("servers", k.servers)
        .Set("server_limit", k.server_limit)
        .Set("server_account", k.server_account)
        .Set("owner", k.owner);
  }
  return reply;
}

// license.key.edit: a new key (type, server limit, note, server account; its token is made
// here), or, with elid, a key's limit (never below the servers it has) and note.
Reply EditKey(const Deps& deps, const Request& request) {
  LicenseStore& store = deps.Get<LicenseStore>();
  const core::Caller& caller = request.caller();
  const bool editing = !request.GetOr("elid", "").empty();
  if (!request.Submitted()) {
    Reply reply;
    core::Element form = reply.Root();
    if (editing) {
      const Key key = RequireKey(deps, request, "elid");
      form.Set("elid", key.id)
          .Set("key", key.token)
          .Set("type", key.type_code)
          .Set("server_limit", key.server_limit)
          .Set("note", key.note)
          .Set("server_account", key.server_account);
    } else {
      form.Set("server_limit", 1);
    }
    AddTypeList(deps, request, form, "type");
    AddServerAccountList(deps, request, form);
    return reply;
  }
  const long long limit = request.GetInt("server_limit", 1, 1, kMaxServers);
  const std::string note = Note(request);
  if (editing) {
    const Key key = RequireKey(deps, request, "elid");
    if (limit < key.servers)
      throw PluginError(ErrorKind::kInvalidValue, "server_limit", std::to_string(limit),
                        std::to_string(key.servers) + " servers are registered with this key");
    store.UpdateKey(key.id, limit, note);
    deps.changes.Record(request,
                        {KeyTarget(key.id),
                         "changed",
                         audit::RedactedParams(request),
                         "license.key_changed",
                         {{"server_limit", std::to_string(key.server_limit), std::to_string(limit)},
                          {"note", key.note, note}}});
    return Reply::Ok();
  }
  Key key;
  key.type_code = RequireType(deps, request, "type").code;
  key.account_id = caller.account_id;
  key.server_limit = limit;
  key.note = note;
  if (const std::optional<ServerAccount> account =
          ServerAccountField(deps, request, "server_account", caller.account_id))
    key.server_account_id = account->id;
  key.token = util::RandomToken().substr(0, 32);
  const long long id = store.AddKey(key);
  // The token is the owner's to read in its list; never in the audit log or the event.
  deps.changes.Record(request, {KeyTarget(id),
                                "created",
                                audit::RedactedParams(request),
                                "license.key_created",
                                {{"type", "", std::to_string(key.type_code)},
                                 {"server_limit", "", std::to_string(limit)}}});
  Reply reply = Reply::Ok();
  reply.Root().Set("id", id).Set("key", key.token);
  return reply;
}

// license.key.delete: keys by id (elid=a, b), all or none, with the licences of the servers
// registered with them.
Reply DeleteKeys(const Deps& deps, const Request& request) {
  for (const Key& k : deps.Get<LicenseStore>().RemoveKeys(tenancy::Reach::Of(request.caller()),
                                                          RequireIds(request))) {
    deps.changes.Record(request, {KeyTarget(k.id),
                                  "removed",
                                  audit::RedactedParams(request),
                                  "license.key_removed",
                                  {{"servers", std::to_string(k.servers), "0"}}});
  }
  return Reply::Ok();
}

// license.key.servers (plid or elid = a key): the servers registered with it.
Reply KeyServers(const Deps& deps, const Request& request) {
  const Key key = RequireKey(deps, request, request.Has("plid") ? "plid" : "elid");
  Reply reply;
  reply.Root()
      .Set("plid", key.id)
      .Set("servers", key.servers)
      .Set("server_limit", key.server_limit);
  for (const License& l : deps.Get<LicenseStore>().KeyServers(key.id)) {
    reply.AddRow()
        .Set("id", l.id)
        .Set("ip", l.ip)
        .Set("hostname", l.hostname)
        .Set("created", l.created)
        .Set("last_checkin", l.last_checkin);
  }
  return reply;
}

}  // namespace

void RegisterKeyFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("license.key",         AccessLevel::kReseller, Effect::kReads,   ListKeys);
  registry.Add("license.key.edit",    AccessLevel::kReseller, Effect::kSubmits, EditKey);
  registry.Add("license.key.delete",  AccessLevel::kReseller, Effect::kChanges, DeleteKeys);
  registry.Add("license.key.servers", AccessLevel::kReseller, Effect::kReads,   KeyServers);
  // clang-format on
  registry.SetGroup("license.key", "license_keys");
}

}  // namespace resellermgr::license
