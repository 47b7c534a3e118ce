// Server accounts (issue 24): a reseller's customers, each grouping licences and keys under a
// licence limit of its own. server.account, server.account.edit, server.account.delete; the
// caller's own only (each reseller keeps its customers).

#include <regex>

#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "license/license_functions.h"
#include "mail/mail.h"

namespace resellermgr::license {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

std::string AccountTarget(const std::string& login) { return "server_account:" + login; }

std::string Text(const Request& request, const char* field, const std::string& current,
                 std::size_t max) {
  const std::string value(request.GetOr(field, current));
  if (value.size() > max || !base::IsInputText(value))
    throw PluginError(ErrorKind::kInvalidValue, field, base::Utf8Prefix(value, 64));
  return value;
}

std::string UsageText(const ServerAccount& s) {
  return std::to_string(s.licenses) + " / " +
         (s.license_limit ? std::to_string(*s.license_limit) : std::string("-"));
}

// server.account: the caller's server accounts with their licences used of their limit.
Reply ListAccounts(const Deps& deps, const Request& request) {
  Reply reply;
  for (const ServerAccount& s :
       deps.Get<LicenseStore>().ServerAccounts(request.caller().account_id)) {
    core::Element row = reply.AddRow();
    row.Set("id", s.login)
        .Set("login", s.login)
        .Set("first_name", s.first_name)
        .Set("last_name", s.last_name)
        .Set("company", s.company)
        .Set("email", s.email)
        .Set("licenses", s.licenses)
        .Set("keys", s.keys)
        .Set("usage", UsageText(s));
    if (s.license_limit) row.Set("license_limit", *s.license_limit);
  }
  return reply;
}

// server.account.edit: a new server account (login, names, company, e-mail, licence limit), or,
// with elid, the same but the login. The form of one shows its licences used of its limit and
// its keys.
Reply EditAccount(const Deps& deps, const Request& request) {
  LicenseStore& store = deps.Get<LicenseStore>();
  const long long owner_id = request.caller().account_id;
  const std::string_view elid = request.GetOr("elid", "");
  std::optional<ServerAccount> existing;
  if (!elid.empty()) {
    existing = store.FindServerAccount(owner_id, std::string(elid));
    if (!existing) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(elid, 64));
  }
  if (!request.Submitted()) {
    Reply reply;
    if (existing) {
      core::Element form = reply.Root();
      form.Set("elid", existing->login)
          .Set("login", existing->login)
          .Set("first_name", existing->first_name)
          .Set("last_name", existing->last_name)
          .Set("company", existing->company)
          .Set("email", existing->email)
          .Set("usage", UsageText(*existing));
      if (existing->license_limit) form.Set("license_limit", *existing->license_limit);
      std::string keys;
      for (const Key& k : store.Keys(tenancy::Reach::Of(request.caller()), existing->id))
        keys += (keys.empty() ? "" : ", ") + k.token + " (" + k.type_name + ", " +
                std::to_string(k.servers) + "/" + std::to_string(k.server_limit) + ")";
      form.Set("keys", keys);
    }
    return reply;
  }
  ServerAccount s = existing.value_or(ServerAccount{});
  s.account_id = owner_id;
  if (!existing) {
    s.login = request.Require("login");
    static const std::regex kLogin("[a-z][a-z0-9_.-]{0,63}");
    if (!std::regex_match(s.login, kLogin))
      throw PluginError(ErrorKind::kInvalidValue, "login", base::Utf8Prefix(s.login, 64),
                        "lower-case letters, digits, '_', '.' and '-', starting with a letter");
  }
  s.first_name = Text(request, "first_name", s.first_name, 128);
  s.last_name = Text(request, "last_name", s.last_name, 128);
  s.company = Text(request, "company", s.company, 255);
  s.email = Text(request, "email", s.email, 255);
  if (!s.email.empty() && !mail::IsAddress(s.email))
    throw PluginError(ErrorKind::kInvalidValue, "email", base::Utf8Prefix(s.email, 64));
  if (request.Has("license_limit")) {
    if (request.GetOr("license_limit", "").empty())
      s.license_limit.reset();
    else
      s.license_limit = request.GetInt("license_limit", 0, 0, 1000000);
  }
  if (existing && s.license_limit && *s.license_limit < existing->licenses)
    throw PluginError(ErrorKind::kInvalidValue, "license_limit", std::to_string(*s.license_limit),
                      "it holds " + std::to_string(existing->licenses) + " licences");
  if (existing) {
    store.UpdateServerAccount(s);
  } else {
    store.AddServerAccount(s);
  }
  deps.changes.Record(
      request,
      {AccountTarget(s.login),
       existing ? "changed" : "created",
       audit::RedactedParams(request),
       existing ? "server_account.changed" : "server_account.created",
       {{"license_limit",
         existing && existing->license_limit ? std::to_string(*existing->license_limit) : "",
         s.license_limit ? std::to_string(*s.license_limit) : ""}}});
  return Reply::Ok();
}

// server.account.delete: server accounts by login (elid=a, b), all or none; one holding licences
// or keys only with cascade=on, which removes them too.
Reply DeleteAccounts(const Deps& deps, const Request& request) {
  const std::vector<std::string> logins = request.RequireNameList("elid");
  deps.Get<LicenseStore>().RemoveServerAccounts(request.caller().account_id, logins,
                                                request.Flag("cascade"));
  for (const std::string& login : logins) {
    deps.changes.Record(request, {AccountTarget(login),
                                  "deleted",
                                  audit::RedactedParams(request),
                                  "server_account.deleted",
                                  {}});
  }
  return Reply::Ok();
}

}  // namespace

void RegisterServerAccountFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("server.account",        AccessLevel::kReseller, Effect::kReads,   ListAccounts);
  registry.Add("server.account.edit",   AccessLevel::kReseller, Effect::kSubmits, EditAccount);
  registry.Add("server.account.delete", AccessLevel::kReseller, Effect::kChanges, DeleteAccounts);
  // clang-format on
  registry.SetGroup("server.account", "server_accounts");
}

}  // namespace resellermgr::license
