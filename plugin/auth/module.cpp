#include "auth/module.h"

#include <chrono>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "auth/access_functions.h"
#include "auth/auth_functions.h"
#include "auth/authenticator.h"
#include "auth/login_functions.h"
#include "auth/password_reset_functions.h"
#include "base/log.h"
#include "core/deps.h"
#include "core/gatekeeper.h"
#include "identity/auth_store.h"
#include "identity/login_store.h"
#include "identity/password_reset.h"
#include "identity/session_identity.h"

namespace resellermgr::auth {
namespace {

// The dispatcher's Gatekeeper over the worker's authenticator and account store.
class Gate : public core::Gatekeeper {
 public:
  Gate(Authenticator& authenticator, account::AccountStore& accounts)
      : authenticator_(authenticator), accounts_(accounts) {}

  core::Caller Identify(const core::Request& request, bool as_seen) override {
    return authenticator_.Identify(request, as_seen);
  }
  void CheckAddress(const core::Caller& caller, const core::Request& request) override {
    authenticator_.CheckAddress(caller, request);
  }
  bool ModuleAllowed(const core::Caller& caller, std::string_view group) override {
    return accounts_.Allows(caller, group);
  }

 private:
  Authenticator& authenticator_;
  account::AccountStore& accounts_;
};

void RegisterFunctions(core::FunctionRegistry& registry) {
  RegisterAuthFunctions(registry);
  RegisterAccessFunctions(registry);
  RegisterLoginFunctions(registry);
  RegisterTokenFunctions(registry);
  RegisterSessionFunctions(registry);
  RegisterTotpFunctions(registry);
  RegisterPasswordResetFunctions(registry);
  // Credentials and sessions are not for tokens: a token cannot become a session, a password
  // or a key, whose scope would be wider than its own.
  for (const char* func : {"auth", "usrparam", "session", "su", "reseller.su", "user.su"})
    registry.NeverForTokens(func);
  // Identity functions count and audit refused attempts even when the call fails: a
  // transaction around them would roll those records back.
  for (const char* func : {"auth", "usrparam", "session", "su", "reseller.su", "user.su", "totp"})
    registry.OwnTransactions(func);
  // Replies that are sessions, or changes to the caller's own session: never replayed.
  for (const char* func : {"auth", "session", "su", "reseller.su", "user.su"})
    registry.NeverReplay(func);
  // ISP4 obj of "not exists" / "exists" errors where the name is not the kind.
  registry.SetObject("su", "user");
}

void AddStores(core::StoreContext& context) {
  core::Stores& stores = context.stores;
  identity::AuthStore& auth = stores.Make<identity::AuthStore>(context.db);
  stores.Make<identity::LoginStore>(context.db);
  stores.Make<identity::PasswordResets>(context.db);
  identity::AccessGrants& grants = stores.Make<identity::AccessGrants>(context.db);
  Authenticator& authenticator =
      stores.Make<Authenticator>(context.config, auth, stores.Get<audit::AuditLog>(),
                                 stores.Get<account::AccountStore>(), grants);
  stores.Add<core::Gatekeeper>(
      std::make_unique<Gate>(authenticator, stores.Get<account::AccountStore>()));
}

// The safety net under the copies sessions carry (identity/session_identity.h), once a minute
// (kModule): every copy is compared with its sources; one that differs is repaired and
// reported, since a writer forgot to refresh it.
bool RepairSessionCopies(const Deps& deps) {
  deps.db.EnsureConnected();
  if (const int repaired = identity::SessionCopies(deps.db).RefreshStale(); repaired > 0)
    LOG_ERROR("sessions: " << repaired << " carried a stale copy of their login or account");
  return false;
}

}  // namespace

const core::Module kModule{
    .name = "auth",
    .areas = {{"logins"}},
    .register_functions = RegisterFunctions,
    .add_stores = AddStores,
    .background = {{"session copies", RepairSessionCopies, std::chrono::minutes(1)}},
};

// Acting as an account is a right of its own (issue 20: not part of reading users).
const core::Module kLoginAsModule{
    .name = "login_as",
    .areas = {{"login_as"}},
    .register_functions =
        [](core::FunctionRegistry& registry) {
          for (const char* func : {"su", "reseller.su", "user.su"}) {
            registry.SetGroup(func, "login_as");
            registry.SetAction(func, core::Action::kEdit);
          }
        },
};

}  // namespace resellermgr::auth
