#include "account/preview_functions.h"

#include "account/account_store.h"
#include "core/deps.h"
#include "tenancy/tenancy.h"

namespace resellermgr::account {

core::Reply PreviewCascade(const Deps& deps, const core::Request& request, int level) {
  const std::vector<std::string> names = request.RequireNameList("elid");
  core::Reply reply;
  reply.Root().Set("preview", "on");
  for (const CascadePreview& p :
       deps.Get<AccountStore>().Preview(tenancy::Scope::Of(request.caller()), level, names)) {
    reply.AddRow()
        .Set("name", p.name)
        .Set("accounts", std::to_string(p.accounts))
        .Set("users", std::to_string(p.users))
        .Set("suspended", std::to_string(p.suspended))
        .Set("suspended_on_own", std::to_string(p.suspended_on_own))
        .Set("sessions", std::to_string(p.sessions))
        .Set("owned", std::to_string(p.owned));
  }
  return reply;
}

}  // namespace resellermgr::account
