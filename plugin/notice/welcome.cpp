// The welcome mail (issue 27 item 1): creating a reseller, a user or a staff login with
// welcome=on mails the new login its name, where to log in (its brand's domain) and a
// single-use link that sets its password, never a password. The panel's forms tick it for a new
// account; an API call that does not send it sends no mail (ISPmanager's checkboxes: absent is
// off), so billing systems that mail their own welcome are not doubled. Invited this way, the
// account may come without a password (identity::ReadFirstPassword). The account family's and
// the organisation's forms carry it as another module's part (FunctionRegistry::ExtendForm), in
// the same transaction as the creation. A login without an address gets none (it was given a
// password: identity::ReadFirstPassword).

#include "notice/welcome.h"

#include "base/text.h"
#include "brand/brand_store.h"
#include "core/deps.h"
#include "identity/password_reset.h"
#include "mail/mail.h"
#include "util/crypto.h"

namespace resellermgr::notice {
namespace {

using core::Request;

constexpr int kWelcomeDays = 7;

bool Creating(const Request& request) { return request.GetOr("elid", "").empty(); }

void ShowWelcome(const Deps&, const Request& request, core::Element form) {
  if (Creating(request)) form.Set("welcome", "on");
}

// `kind` "account.welcome" or "login.welcome", for the login just created under `name`.
void SendWelcome(const Deps& deps, const Request& request, const std::string& name,
                 const char* kind) {
  if (!Creating(request) || !request.Flag("welcome")) return;
  // A login without an address of its own gets no mail: it was given a password (without one
  // and without an address, identity::ReadFirstPassword refused the creation already).
  const std::optional<identity::ResetTarget> login =
      deps.Get<identity::PasswordResets>().Target(name);
  if (!login) return;
  const std::string token = util::RandomToken();
  deps.Get<identity::PasswordResets>().Put(login->login_id, util::Sha256Hex(token),
                                           kWelcomeDays * 24 * 3600);
  const std::optional<brand::Brand> brand =
      deps.Get<brand::BrandStore>().ForPath(login->account_path);
  const contacts::Contact to{login->email, login->lang, brand ? brand->name : std::string(),
                             brand ? brand->domain : std::string(), login->templates_of};
  const mail::Composer& composer = deps.Get<mail::Composer>();
  deps.mail.Enqueue(composer.ComposeTo(
      to, kind,
      {{"name", login->name},
       {"login", login->name},
       // A staff login's company: plid when the admin names one (login.edit checked it), else
       // the caller's own.
       {"company", std::string(request.GetOr("plid", request.caller().account))},
       {"link", composer.PanelUrl(to) + "?func=password.reset.finish&token=" + token},
       {"days", std::to_string(kWelcomeDays)}}));
}

void WelcomeAccount(const Deps& deps, const Request& request) {
  SendWelcome(deps, request, base::AsciiLower(request.GetOr("name", "")), "account.welcome");
}

void WelcomeLogin(const Deps& deps, const Request& request) {
  SendWelcome(deps, request, std::string(request.GetOr("name", "")), "login.welcome");
}

}  // namespace

void RegisterWelcome(core::FunctionRegistry& registry) {
  registry.ExtendForm("reseller.edit", ShowWelcome, WelcomeAccount);
  registry.ExtendForm("user.edit", ShowWelcome, WelcomeAccount);
  registry.ExtendForm("login.edit", ShowWelcome, WelcomeLogin);
}

}  // namespace resellermgr::notice
