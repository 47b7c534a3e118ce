// Two-factor login for one's own login: totp.setup (start: a new secret, shown by totp.confirm
// with its QR code), totp.confirm (a valid code turns it on and shows recovery codes once),
// totp.disable (with a current or recovery code). The admin requires it per level with
// totp.policy; companies require it with reseller.edit/user.edit require_totp; login.edit
// totp_reset turns it off for a staff member who lost the device.

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "auth/authenticator.h"
#include "auth/login_functions.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "db/transaction.h"
#include "core/deps.h"
#include "identity/auth_store.h"
#include "util/crypto.h"
#include "util/totp.h"

namespace resellermgr::auth {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Gate;
using core::Reply;
using core::Request;

constexpr int kRecoveryCodes = 10;
constexpr char kIssuer[] = "resellermgr";

// A recovery code: 12 characters of base32 (60 random bits), grouped for reading.
std::string NewRecoveryCode() {
  const std::string code = base::AsciiLower(util::Base32(util::RandomBytes(8)).substr(0, 12));
  return code.substr(0, 4) + "-" + code.substr(4, 4) + "-" + code.substr(8, 4);
}

Reply ShowSetup(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  Reply reply;
  reply.Root()
      .Set("enabled", deps.Get<identity::AuthStore>().Totp(caller.login_id).enabled ? "on" : "off")
      .Set("required", caller.must_enrol_totp ? "on" : "off");
  return reply;
}

Reply Setup(const Deps& deps, const Request& request) {
  if (!request.Submitted()) return ShowSetup(deps, request);
  const core::Caller& caller = request.caller();
  if (deps.Get<identity::AuthStore>().Totp(caller.login_id).enabled)
    throw PluginError(ErrorKind::kExists, "totp", caller.login);
  db::Transaction tx(deps.db);  // an identity function: its own transaction (OwnTransactions)
  deps.Get<identity::AuthStore>().SetPendingTotp(caller.login_id, util::NewTotpSecret());
  deps.changes.Record(request, {caller.login, "totp_started", "", "login.totp_started", {}});
  tx.Commit();
  return Reply::Ok();
}

// The pending secret three ways: for typing (base32), for apps (otpauth URI) and as a QR code.
Reply ShowConfirm(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const identity::TotpState totp = deps.Get<identity::AuthStore>().Totp(caller.login_id);
  if (totp.pending.empty()) throw PluginError(ErrorKind::kNotFound, "totp_setup");
  const std::string uri = util::OtpauthUri(kIssuer, caller.login, totp.pending);
  Reply reply;
  reply.Root()
      .Set("secret", util::Base32(totp.pending))
      .Set("uri", uri)
      .Set("qr", util::QrDataUri(uri))
      .Set("code", "");
  return reply;
}

Reply Confirm(const Deps& deps, const Request& request) {
  if (!request.Submitted()) return ShowConfirm(deps, request);
  const core::Caller& caller = request.caller();
  const identity::TotpState totp = deps.Get<identity::AuthStore>().Totp(caller.login_id);
  if (totp.pending.empty()) throw PluginError(ErrorKind::kNotFound, "totp_setup");
  const std::optional<std::uint64_t> step = util::MatchTotp(
      totp.pending, request.GetOr("code", ""), static_cast<std::int64_t>(std::time(nullptr)));
  if (!step || !deps.Get<identity::AuthStore>().UseTotpStep(caller.login_id, *step))
    throw PluginError(ErrorKind::kInvalidValue, "code");
  std::vector<std::string> codes, hashes;
  for (int i = 0; i < kRecoveryCodes; ++i) {
    codes.push_back(NewRecoveryCode());
    hashes.push_back(util::Sha256(codes.back()));
  }
  db::Transaction tx(deps.db);
  deps.Get<identity::AuthStore>().EnableTotp(caller.login_id, hashes);
  deps.changes.Record(
      request, {caller.login, "totp_enabled", "", "login.totp_enabled", {{"totp", "off", "on"}}});
  tx.Commit();
  Reply reply = Reply::Ok();
  // Shown this once; only their hashes are kept.
  reply.Root().Add("once");
  core::Element list = reply.Root().Add("recovery");
  for (const std::string& code : codes) list.Set("code", code);
  return reply;
}

Reply Disable(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  if (!request.Submitted()) {
    Reply reply;
    reply.Root().Set("code", "");
    return reply;
  }
  if (!deps.Get<identity::AuthStore>().Totp(caller.login_id).enabled)
    throw PluginError(ErrorKind::kNotFound, "totp", caller.login);
  std::optional<identity::LoginRecord> login =
      deps.Get<identity::AuthStore>().FindLogin(caller.login);
  if (!login) throw PluginError(ErrorKind::kNotFound, "totp", caller.login);
  // A current code or a recovery code, counted like a login attempt.
  deps.Get<Authenticator>().CheckSecondFactor(*login, request.GetOr("code", ""), request);
  db::Transaction tx(deps.db);  // after the check, whose count must stay if it fails
  deps.Get<identity::AuthStore>().DisableTotp(caller.login_id);
  deps.changes.Record(
      request, {caller.login, "totp_disabled", "", "login.totp_disabled", {{"totp", "on", "off"}}});
  tx.Commit();
  return Reply::Ok();
}

// totp.policy (admin): which levels must use a second factor.
Reply Policy(const Deps& deps, const Request& request) {
  static constexpr std::pair<const char*, int> kLevels[] = {{"admins", core::kAdminLevel},
                                                            {"resellers", core::kResellerLevel},
                                                            {"users", core::kUserLevel}};
  if (!request.Submitted()) {
    const std::vector<int> required = deps.Get<identity::AuthStore>().TotpRequiredLevels();
    Reply reply;
    for (const auto& [field, level] : kLevels) {
      const bool on = std::find(required.begin(), required.end(), level) != required.end();
      reply.Root().Set(field, on ? "on" : "off");
    }
    return reply;
  }
  std::vector<int> levels;
  std::string params;
  for (const auto& [field, level] : kLevels) {
    if (request.Flag(field)) {
      levels.push_back(level);
      params += std::string(params.empty() ? "" : " ") + field + "=on";
    }
  }
  db::Transaction tx(deps.db);
  deps.Get<identity::AuthStore>().SetTotpRequiredLevels(levels);
  deps.Get<account::AccountStore>()
      .RefreshTotpRequired();  // the accounts' copy is the account store's
  deps.changes.Record(request, {"totp.policy", "changed", params, "totp.policy_changed", {}});
  tx.Commit();
  return Reply::Ok();
}

}  // namespace

void RegisterTotpFunctions(core::FunctionRegistry& registry) {
  // Open to a login that must still set a second factor up (Gate::kDuringPasswordChange).
  // clang-format off
  registry.Add("totp.setup",   AccessLevel::kUser,  Effect::kSubmits, Setup,   Gate::kDuringPasswordChange);
  registry.Add("totp.confirm", AccessLevel::kUser,  Effect::kSubmits, Confirm, Gate::kDuringPasswordChange);
  registry.Add("totp.disable", AccessLevel::kUser,  Effect::kSubmits, Disable);
  registry.Add("totp.policy",  AccessLevel::kAdmin, Effect::kSubmits, Policy);
  // clang-format on
  // A token never sets up or removes a login's second factor, and a reply that shows the
  // recovery codes is never replayed.
  registry.NeverForTokens("totp");
  registry.NeverReplay("totp");
}

}  // namespace resellermgr::auth
