#include "core/stages.h"

#include "base/errors.h"
#include "util/crypto.h"

namespace resellermgr::core {

void CheckLevel(const FunctionSpec& spec, const Caller& caller, std::string_view func) {
  if (static_cast<int>(caller.level) >= static_cast<int>(spec.min_level)) return;
  if (!caller.authenticated())
    throw base::PluginError(base::ErrorKind::kAuth,
                            caller.session_rejected ? "session" : "unauthorized");
  throw base::PluginError(base::ErrorKind::kAccessDenied, std::string(func));
}

void CheckPasswordGate(const FunctionSpec& spec, const Caller& caller) {
  if (spec.gate == Gate::kDuringPasswordChange) return;
  if (caller.must_change_password)
    throw base::PluginError(base::ErrorKind::kAccessDenied, "password_change");
  if (caller.must_enrol_totp) throw base::PluginError(base::ErrorKind::kAccessDenied, "totp_enrol");
}

void CheckPermission(const FunctionSpec& spec, const Caller& caller, bool submitted,
                     std::string_view func) {
  if (caller.method == AuthMethod::kToken && !spec.for_tokens)
    throw base::PluginError(base::ErrorKind::kAccessDenied, "token", std::string(func));
  if (spec.group.empty()) return;
  const Action action = spec.ActionOf(submitted);
  if (!caller.permissions.Allows(spec.group, action))
    throw base::PluginError(base::ErrorKind::kAccessDenied, "permission", std::string(func));
}

bool Changes(const FunctionSpec& spec, bool submitted) {
  return spec.effect == Effect::kChanges || (spec.effect == Effect::kSubmits && submitted);
}

void CheckCsrf(const FunctionSpec& spec, const Caller& caller, const Request& request) {
  if (caller.method != AuthMethod::kSessionCookie || !Changes(spec, request.Submitted())) return;
  if (request.method() != "POST" ||
      !util::ConstantTimeEquals(request.GetOr("csrf", ""), caller.csrf_token))
    throw base::PluginError(base::ErrorKind::kAccessDenied, "csrf");
}

}  // namespace resellermgr::core
