#include "auth/password_reset_functions.h"

#include "audit/audit_log.h"
#include "auth/authenticator.h"
#include "base/config.h"
#include "base/errors.h"
#include "base/text.h"
#include "brand/brand_store.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "identity/auth_store.h"
#include "identity/password_policy.h"
#include "identity/password_reset.h"
#include "mail/mail.h"
#include "util/crypto.h"
#include "util/password_quality.h"

namespace resellermgr::auth {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr int kTokenSeconds = 3600;
constexpr std::size_t kMaxName = 64;

std::string TokenHash(std::string_view token) { return util::Sha256Hex(token); }

// password.reset (anyone): mails a single-use link to the login's address. The reply is the same
// whether or not the login exists, so it tells nobody which names do; requests are throttled
// per name and per address like password attempts (on a name of their own, so they never lock
// the login itself).
Reply RequestReset(const Deps& deps, const Request& request) {
  if (!request.Submitted()) {
    Reply reply;
    reply.Root().Set("username", "");
    return reply;
  }
  const std::string name(request.Require("username"));
  if (name.size() > kMaxName) throw PluginError(ErrorKind::kInvalidValue, "username", "");
  // Every request counts (per name and per address, on counters of their own: resets never
  // throttle logins), settled as spent whatever the name.
  if (!deps.Get<identity::AuthStore>().BeginAttempt(identity::Throttle::kReset, name,
                                                    request.remote_addr(),
                                                    deps.Get<Authenticator>().throttle_policy())) {
    throw PluginError(ErrorKind::kAuth, "throttled", "");
  }
  deps.Get<identity::AuthStore>().FailAttempt(identity::Throttle::kReset, name,
                                              request.remote_addr());
  // One path whether or not the login exists (a token, its hash, the token's write, the brand
  // lookup, the composed mail and its write), so the time a request takes does not tell: for a
  // name that is no login, the writes write nothing.
  const std::optional<identity::ResetTarget> target =
      deps.Get<identity::PasswordResets>().Target(name);
  const std::string token = util::RandomToken();
  if (target)
    deps.Get<identity::PasswordResets>().Put(target->login_id, TokenHash(token), kTokenSeconds);
  else
    deps.Get<identity::PasswordResets>().PutNothing(TokenHash(token), kTokenSeconds);
  // The link goes to the login's brand's own domain when it has one (served over TLS), else to
  // the configured panel address: never to the Host this request came with. The mail is worded
  // as the branded reseller above the login words it (or the admin).
  const std::optional<brand::Brand> brand =
      deps.Get<brand::BrandStore>().ForPath(target ? target->account_path : "/0/");
  const contacts::Contact to{
      target ? target->email : std::string(), target ? target->lang : std::string("en"),
      brand ? brand->name : std::string(), brand ? brand->domain : std::string(),
      target ? target->templates_of : 0};
  const mail::Composer& composer = deps.Get<mail::Composer>();
  const mail::Mail mail = composer.ComposeTo(
      to, "password.reset",
      {{"name", target ? target->name : name},
       {"link", composer.PanelUrl(to) + "?func=password.reset.finish&token=" + token}});
  std::string outcome = "unknown";
  if (!target)
    deps.mail.EnqueueNothing(mail);
  else if (deps.mail.Enqueue(mail))
    outcome = "sent";
  deps.audit.Append(audit::EntryFor(request, base::Utf8Prefix(name, kMaxName), outcome));
  return Reply::Ok();
}

// password.reset.finish (anyone with the link): a new password for the token's login; the token
// then works no more, and every session of the login ends.
Reply FinishReset(const Deps& deps, const Request& request) {
  const std::string& token = request.Require("token");
  if (!request.Submitted()) {
    Reply reply;
    reply.Root().Set("token", token);
    return reply;
  }
  identity::CheckNewPassword(request, true);
  const std::optional<std::string> login =
      deps.Get<identity::PasswordResets>().Consume(TokenHash(token));
  if (!login) throw PluginError(ErrorKind::kAuth, "reset_token", "");
  deps.Get<identity::AuthStore>().SetPassword(*login,
                                              util::HashPassword(request.Require("passwd")));
  deps.changes.Record(
      request, {*login, "changed", "", "login.password_reset", {{"password", "", "(changed)"}}});
  return Reply::Ok();
}

// How strong `passwd` is by the rule every form that sets a password applies (for the login
// `name`, else the caller's): the panel's meter asks as the password is typed.
Reply RateNewPassword(const Deps&, const Request& request) {
  const util::PasswordQuality quality = util::RatePassword(
      request.GetOr("passwd", ""), request.GetOr("name", request.caller().login));
  Reply reply;
  reply.Root()
      .Add("strength")
      .Attr("score", quality.score)
      .Attr("acceptable", quality.acceptable() ? "on" : "off")
      .Text(quality.problem);
  return reply;
}

Reply NewPassword(const Deps&, const Request&) {
  Reply reply;
  reply.Root().Set("password", util::GeneratePassword());
  return reply;
}

}  // namespace

void RegisterPasswordResetFunctions(core::FunctionRegistry& registry) {
  registry.Add("password.strength", AccessLevel::kGuest, Effect::kReads, RateNewPassword);
  registry.Add("password.generate", AccessLevel::kGuest, Effect::kReads, NewPassword);
  registry.Add("password.reset", AccessLevel::kGuest, Effect::kSubmits, RequestReset);
  registry.Add("password.reset.finish", AccessLevel::kGuest, Effect::kSubmits, FinishReset);
  registry.NeverForTokens("password.reset");
  registry.NeverForTokens("password.reset.finish");
}

}  // namespace resellermgr::auth
