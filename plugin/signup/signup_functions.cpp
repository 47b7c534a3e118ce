// Reseller sign-up (issue 24): the public form (signup), the e-mail link (signup.verify), the
// admin's queue (signup.queue, signup.approve, signup.delete), the agreement and settings
// (agreement.edit), the deposit that activates a pending reseller (a money-arrival listener) and
// the expiry of unfinished sign-ups (resellerctl signup expire).

#include "signup/signup_functions.h"

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/address_throttle.h"
#include "core/deps.h"
#include "core/ip_list.h"
#include "core/messages.h"
#include "identity/password_reset.h"
#include "mail/mail.h"
#include "money/amount.h"
#include "signup/signup_store.h"
#include "util/crypto.h"
#include "wallet/wallet_store.h"

namespace resellermgr::signup {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr int kSignupsPerMinute = 3;            // per address
constexpr int kSignupHours = 48;                // an unfinished sign-up expires after
constexpr int kWelcomeLinkSeconds = 7 * 86400;  // the set-password link of the welcome mail

std::string Hash(std::string_view token) { return util::Sha256Hex(token); }

std::string Target(const std::string& login) { return "signup:" + login; }

std::string Text(const Request& request, const char* field, std::size_t max) {
  const std::string value(request.GetOr(field, ""));
  if (value.size() > max || !base::IsInputText(value))
    throw PluginError(ErrorKind::kInvalidValue, field, base::Utf8Prefix(value, 64));
  return value;
}

// The host's account and the scope it acts in, which new resellers go under.
struct Host {
  long long id;
  tenancy::Scope scope;
};

Host HostOf(const Deps& deps) {
  const auto host = deps.Get<SignupStore>().Host();
  if (!host) throw PluginError(ErrorKind::kInternal, "host");
  return {host->first, {host->first, tenancy::kAdminLevel, host->second}};
}

// A verified (and, if asked, approved) sign-up: its reseller account, suspended as pending until
// the deposit comes, and the payment request to the billing system through the outbox (as an
// autopayment asks), with the key the deposit must carry.
void RequestPayment(const Deps& deps, const Request& request, const Signup& s, bool by_admin) {
  const Host host = HostOf(deps);
  account::AccountChanges changes;
  changes.email = s.email;
  changes.company = s.company;
  changes.address = s.address;
  changes.fullname = s.company;
  // A password nobody knows: the welcome mail's link sets the real one.
  changes.password_hash = util::HashPassword(util::RandomToken());
  account::AccountStore& accounts = deps.Get<account::AccountStore>();
  const long long account_id =
      accounts.Create(host.scope, tenancy::kResellerLevel, host.id, s.login, changes);
  accounts.Suspend(host.scope, tenancy::kResellerLevel, {s.login}, kPendingReason, true);
  const std::string key = util::RandomToken().substr(0, 32);
  deps.Get<SignupStore>().AwaitPayment(s.id, account_id, Hash(key));
  const changes::Change change{Target(s.login),
                               "payment requested",
                               "",
                               "signup.payment_requested",
                               {{"login", "", s.login},
                                {"email", "", s.email},
                                {"amount", "", money::FormatAmount(s.deposit)},
                                {"currency", "", deps.config.currency},
                                {"payment_key", "", key}}};
  if (by_admin)
    deps.changes.Record(request, change);
  else
    deps.changes.RecordFor(request, "signup", account_id, s.login, change);
}

Reply ShowForm(const Deps& deps) {
  SignupStore& store = deps.Get<SignupStore>();
  const Settings settings = store.Get();
  if (!settings.enabled) throw PluginError(ErrorKind::kAccessDenied, "signup", "", "closed");
  const Agreement agreement = store.Current();
  Reply reply;
  reply.Root()
      .Set("agreement", agreement.text)
      .Set("agreement_version", agreement.version)
      .Set("deposit", money::FormatAmount(settings.min_deposit))
      .Set("min_deposit", money::FormatAmount(settings.min_deposit))
      .Set("currency", deps.config.currency);
  return reply;
}

// signup (anyone): a new reseller's login, e-mail, company, address and initial deposit, with
// the current agreement accepted. Mails a link that verifies the address; a second submit of
// the same sign-up changes nothing.
Reply SignUp(const Deps& deps, const Request& request) {
  if (!request.Submitted()) return ShowForm(deps);
  SignupStore& store = deps.Get<SignupStore>();
  const Settings settings = store.Get();
  if (!settings.enabled) throw PluginError(ErrorKind::kAccessDenied, "signup", "", "closed");
  const std::optional<std::string> ip = core::CanonicalAddress(request.remote_addr());
  if (!ip || !core::AddressThrottle::Shared().Allow("signup " + *ip, kSignupsPerMinute))
    throw PluginError(ErrorKind::kLimit, "throttled", "",
                      "too many sign-ups from this address: try again in a minute");
  const std::string login = base::AsciiLower(request.Require("login"));
  const std::string email = Text(request, "email", 255);
  if (!mail::IsAddress(email)) throw PluginError(ErrorKind::kInvalidValue, "email", "");
  const std::string company = Text(request, "company", 255);
  const std::string address = Text(request, "address", 255);
  const std::optional<std::int64_t> deposit = money::ParseAmount(request.Require("deposit"));
  if (!deposit || *deposit < settings.min_deposit)
    throw PluginError(ErrorKind::kInvalidValue, "deposit",
                      base::Utf8Prefix(request.GetOr("deposit", ""), 20),
                      "at least " + money::FormatAmount(settings.min_deposit));
  const Agreement agreement = store.Current();
  if (!request.Flag("agree"))
    throw PluginError(ErrorKind::kInvalidValue, "agree", "", "accept the reseller agreement");
  if (request.GetInt("agreement_version", 0, 0, 1000000000) != agreement.version)
    throw PluginError(ErrorKind::kInvalidValue, "agreement_version", "",
                      "the agreement has changed: read it again");
  // The same sign-up sent twice is one; a name pending for someone else is taken.
  if (const std::optional<Signup> pending = store.PendingByLogin(login)) {
    if (pending->email == email && pending->status == "unverified") return Reply::Ok();
    throw PluginError(ErrorKind::kExists, "login", login);
  }
  if (deps.Get<account::AccountStore>().Find(HostOf(deps).scope, tenancy::kResellerLevel, login) ||
      deps.Get<identity::PasswordResets>().Target(login))
    throw PluginError(ErrorKind::kExists, "login", login);
  const std::string token = util::RandomToken();
  store.Add({login, email, company, address, *ip, Hash(token), *deposit, agreement.version,
             kSignupHours});
  const std::string lang(request.lang("en"));
  deps.mail.Enqueue(deps.Get<mail::Composer>().ComposeTo(
      {email, lang, "", "", 0}, "signup.verify",
      {{"login", login},
       {"link", deps.config.panel_url + "?func=signup.verify&token=" + token},
       {"amount", money::FormatAmount(*deposit)},
       {"currency", deps.config.currency}}));
  deps.changes.Record(request, {Target(login),
                                "signed up",
                                audit::RedactedParams(request),
                                "",
                                {{"agreement_version", "", std::to_string(agreement.version)}}});
  return Reply::Ok();
}

// signup.verify (the mailed link): the address is the signer's. Then the admin's approval, if the
// settings ask for it, or at once the pending account and the payment request.
Reply Verify(const Deps& deps, const Request& request) {
  SignupStore& store = deps.Get<SignupStore>();
  const std::string& token = request.Require("token");
  const std::optional<Signup> s = store.ByVerifyHash(Hash(token));
  if (!s) throw PluginError(ErrorKind::kAuth, "signup_token", "");
  if (store.Get().approval) {
    store.SetStatus(s->id, "awaiting_approval");
    deps.changes.Record(
        request,
        {Target(s->login), "verified", "", "signup.awaiting_approval", {{"email", "", s->email}}});
    Reply reply = Reply::Ok();
    reply.Root().Set("status", "awaiting_approval");
    return reply;
  }
  RequestPayment(deps, request, *s, false);
  Reply reply = Reply::Ok();
  reply.Root().Set("status", "awaiting_payment");
  return reply;
}

// signup.queue (admin): the sign-ups not finished yet and the active ones, newest first
// (`status` filters).
Reply Queue(const Deps& deps, const Request& request) {
  Reply reply;
  for (const Signup& s : deps.Get<SignupStore>().List(std::string(request.GetOr("status", "")))) {
    reply.AddRow()
        .Set("id", s.id)
        .Set("login", s.login)
        .Set("email", s.email)
        .Set("company", s.company)
        .Set("deposit", money::FormatAmount(s.deposit))
        .Set("status", s.status)
        .Set("agreement_version", s.agreement_version)
        .Set("accepted_at", s.accepted_at)
        .Set("accepted_ip", s.accepted_ip)
        .Set("created", s.created);
  }
  return reply;
}

std::vector<Signup> Named(const Deps& deps, const Request& request) {
  std::vector<Signup> named;
  for (const std::string& part : request.RequireNameList("elid")) {
    const std::optional<long long> id = part.find_first_not_of("0123456789") == std::string::npos &&
                                                part.size() < 19 && !part.empty()
                                            ? std::optional<long long>(std::stoll(part))
                                            : std::nullopt;
    std::optional<Signup> s = id ? deps.Get<SignupStore>().Find(*id) : std::nullopt;
    if (!s) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(part, 20));
    named.push_back(std::move(*s));
  }
  return named;
}

// signup.approve (admin): verified sign-ups go on to their payment request.
Reply Approve(const Deps& deps, const Request& request) {
  for (const Signup& s : Named(deps, request)) {
    if (s.status != "awaiting_approval")
      throw PluginError(ErrorKind::kInvalidValue, "elid", std::to_string(s.id),
                        s.login + " is " + s.status);
    RequestPayment(deps, request, s, true);
  }
  return Reply::Ok();
}

// signup.delete (admin): sign-ups that are not active, with their pending accounts.
Reply Reject(const Deps& deps, const Request& request) {
  SignupStore& store = deps.Get<SignupStore>();
  for (const Signup& s : Named(deps, request)) {
    if (s.status == "active")
      throw PluginError(ErrorKind::kInvalidValue, "elid", std::to_string(s.id),
                        s.login + " is an active reseller: delete the reseller instead");
    if (s.account_id != 0)
      deps.Get<account::AccountStore>().Delete(HostOf(deps).scope, tenancy::kResellerLevel,
                                               {s.login}, false, true);
    store.Remove(s.id);
    deps.changes.Record(request, {Target(s.login), "rejected", "", "signup.rejected", {}});
  }
  return Reply::Ok();
}

// agreement.edit (admin): the reseller agreement (a changed text is a new version; sign-ups keep
// the version they accepted) and the sign-up settings.
Reply EditAgreement(const Deps& deps, const Request& request) {
  SignupStore& store = deps.Get<SignupStore>();
  const Agreement current = store.Current();
  Settings settings = store.Get();
  if (!request.Submitted()) {
    Reply reply;
    reply.Root()
        .Set("text", current.text)
        .Set("version", current.version)
        .Set("enabled", settings.enabled ? "on" : "off")
        .Set("approval", settings.approval ? "on" : "off")
        .Set("min_deposit", money::FormatAmount(settings.min_deposit));
    return reply;
  }
  std::vector<changes::FieldChange> fields;
  if (request.Has("text") && request.GetOr("text", "") != current.text) {
    const std::string text(request.GetOr("text", ""));
    if (text.empty() || text.size() > 200000 || !base::IsInputText(text))
      throw PluginError(ErrorKind::kInvalidValue, "text", "", "the agreement's text");
    const int version = store.PutAgreement(text, request.caller().login);
    fields.push_back({"version", std::to_string(current.version), std::to_string(version)});
  }
  const Settings before = settings;
  if (request.Has("enabled")) settings.enabled = request.Flag("enabled");
  if (request.Has("approval")) settings.approval = request.Flag("approval");
  if (request.Has("min_deposit")) {
    const std::optional<std::int64_t> min = money::ParseAmount(request.Require("min_deposit"));
    if (!min) throw PluginError(ErrorKind::kInvalidValue, "min_deposit", "");
    settings.min_deposit = *min;
  }
  store.Put(settings);
  const auto flag = [](bool v) { return std::string(v ? "on" : "off"); };
  if (before.enabled != settings.enabled)
    fields.push_back({"enabled", flag(before.enabled), flag(settings.enabled)});
  if (before.approval != settings.approval)
    fields.push_back({"approval", flag(before.approval), flag(settings.approval)});
  if (before.min_deposit != settings.min_deposit)
    fields.push_back({"min_deposit", money::FormatAmount(before.min_deposit),
                      money::FormatAmount(settings.min_deposit)});
  deps.changes.Record(request, {"agreement", "changed", "", "signup.settings_changed", fields});
  return Reply::Ok();
}

}  // namespace

void ActivateOnDeposit(const Deps& deps, const Request& request, long long, long long owner_id) {
  // The deposit names the request it pays; the wallet then holds the deposit asked for. A
  // movement without a payment key (nearly all) reads nothing here.
  const std::string key(request.GetOr("payment_key", ""));
  if (key.empty()) return;
  SignupStore& store = deps.Get<SignupStore>();
  const std::optional<long long> account_id = owner_id;
  const std::optional<Signup> s = store.AwaitingPayment(*account_id);
  if (!s) return;
  if (!util::ConstantTimeEquals(Hash(key), s->payment_hash)) return;
  if (deps.Get<wallet::WalletStore>().ForAccount(*account_id, false).balance < s->deposit) return;
  deps.Get<account::AccountStore>().LiftSuspension(*account_id, kPendingReason);
  store.SetStatus(s->id, "active");
  // The welcome: the login's name and a link that sets its password (never a password).
  const std::string token = util::RandomToken();
  if (const std::optional<identity::ResetTarget> login =
          deps.Get<identity::PasswordResets>().Target(s->login)) {
    deps.Get<identity::PasswordResets>().Put(login->login_id, Hash(token), kWelcomeLinkSeconds);
    deps.mail.Enqueue(deps.Get<mail::Composer>().ComposeTo(
        {s->email, login->lang, "", "", 0}, "signup.welcome",
        {{"login", s->login},
         {"link", deps.config.panel_url + "?func=password.reset.finish&token=" + token}}));
  }
  deps.changes.RecordFor(request, "signup", *account_id, s->login,
                         {Target(s->login),
                          "activated",
                          "",
                          "signup.activated",
                          {{"deposit", "", money::FormatAmount(s->deposit)}}});
}

int ExpireSignups(const Deps& deps) {
  SignupStore& store = deps.Get<SignupStore>();
  int expired = 0;
  for (const Signup& s : store.TakeExpired()) {
    if (s.account_id != 0)
      deps.Get<account::AccountStore>().Delete(HostOf(deps).scope, tenancy::kResellerLevel,
                                               {s.login}, false, true);
    deps.changes.RecordJob("signup", s.account_id, s.login,
                           {Target(s.login), "expired", "", "signup.expired", {}});
    ++expired;
  }
  return expired;
}

void RegisterSignupFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("signup",         AccessLevel::kGuest, Effect::kSubmits, SignUp);
  registry.Add("signup.verify",  AccessLevel::kGuest, Effect::kChanges, Verify);
  registry.Add("signup.queue",   AccessLevel::kAdmin, Effect::kReads,   Queue);
  registry.Add("signup.approve", AccessLevel::kAdmin, Effect::kChanges, Approve);
  registry.Add("signup.delete",  AccessLevel::kAdmin, Effect::kChanges, Reject);
  registry.Add("agreement.edit", AccessLevel::kAdmin, Effect::kSubmits, EditAgreement);
  // clang-format on
  registry.NeverReplay("signup.verify");
}

}  // namespace resellermgr::signup
