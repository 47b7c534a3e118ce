// token, token.edit, token.delete: a login's own API tokens. A token acts for its login with a
// subset of the login's rights (group.h's rights, optionally read-only), may be locked to
// addresses and expire; its secret is shown once, in the reply that creates it.

#include <regex>

#include "audit/audit_log.h"
#include "auth/login_functions.h"
#include "base/errors.h"
#include "changes/changes.h"
#include "core/ip_list.h"
#include "core/deps.h"
#include "group/group_functions.h"
#include "identity/login_store.h"

namespace resellermgr::auth {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr int kMaxDays = 3650;

Reply ListTokens(const Deps& deps, const Request& request) {
  Reply reply;
  for (const identity::ApiToken& token :
       deps.Get<identity::LoginStore>().Tokens(request.caller().login_id)) {
    core::Element row = reply.AddRow();
    row.Set("name", token.name)
        .Set("rights", token.rights.empty() ? "*" : token.rights)
        .Set("read_only", token.read_only ? "on" : "off")
        .Set("allowed_ips", token.allowed_ips)
        .Set("expires", token.expires_at)
        .Set("created", token.created_at)
        .Set("last_used", token.last_used_at);
  }
  return reply;
}

Reply ShowNewToken(const Request&) {
  Reply reply;
  core::Element doc = reply.Root();
  doc.Set("name", "").Set("read_only", "off").Set("allowed_ips", "").Set("days", "");
  doc.Set("rights", "");
  return reply;
}

Reply CreateToken(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  identity::NewToken token;
  token.name = request.Require("name");
  static const std::regex kName(R"([A-Za-z0-9][A-Za-z0-9 ._-]{0,63})");
  if (!std::regex_match(token.name, kName))
    throw PluginError(ErrorKind::kInvalidValue, "name", token.name);
  // No rights named: every right the login holds now and later; else a subset of them.
  const bool some = request.Has("rights") && !request.GetOr("rights", "").empty();
  const core::Rights rights = group::ReadRights(request);
  if (some || !rights.empty()) {
    if (!caller.permissions.Held().Covers(rights))
      throw PluginError(ErrorKind::kAccessDenied, "grant", rights.ToString());
    if (rights.empty()) throw PluginError(ErrorKind::kInvalidValue, "rights");
    token.rights = rights.ToString();
  }
  token.read_only = request.Flag("read_only");
  token.allowed_ips = core::RequireIpList(request.GetOr("allowed_ips", ""), "allowed_ips");
  token.days = static_cast<int>(request.GetInt("days", 0, 0, kMaxDays));

  const std::string secret = deps.Get<identity::LoginStore>().CreateToken(caller.login_id, token);
  deps.changes.Record(
      request,
      {"token:" + token.name, "created", audit::RedactedParams(request), "token.created", {}});
  Reply reply = Reply::Ok();
  // The only time the secret leaves the server.
  reply.Root().Add("once");
  reply.Root().Set("id", token.name).Set("token", secret);
  return reply;
}

Reply EditToken(const Deps& deps, const Request& request) {
  if (!request.GetOr("elid", "").empty())
    throw PluginError(ErrorKind::kInvalidValue, "elid", "",
                      "a token cannot be changed; delete it and create another");
  return request.Submitted() ? CreateToken(deps, request) : ShowNewToken(request);
}

Reply DeleteTokens(const Deps& deps, const Request& request) {
  const std::vector<std::string> names = request.RequireNameList("elid");
  deps.Get<identity::LoginStore>().DeleteTokens(request.caller().login_id, names);
  for (const std::string& name : names)
    deps.changes.Record(request, {"token:" + name, "deleted", "", "token.deleted", {}});
  return Reply::Ok();
}

}  // namespace

void RegisterTokenFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("token",        AccessLevel::kUser, Effect::kReads,   ListTokens);
  registry.Add("token.edit",   AccessLevel::kUser, Effect::kSubmits, EditToken);
  registry.Add("token.delete", AccessLevel::kUser, Effect::kChanges, DeleteTokens);
  // clang-format on
  // A token never makes or removes tokens (it would escape its own scope).
  registry.NeverForTokens("token");
  // The reply carries the secret: a replayed create would hand it out again.
  registry.NeverReplay("token.edit");
}

}  // namespace resellermgr::auth
