#include "account/preview_functions.h"

#include "account/account_store.h"
#include "account/reach_counters.h"
#include "core/deps.h"
#include "db/transaction.h"
#include "tenancy/tenancy.h"

namespace resellermgr::account {

core::Reply PreviewCascade(const Deps& deps, const core::Request& request, int level) {
  const std::vector<std::string> names = request.RequireNameList("elid");
  core::Reply reply;
  reply.Root().Set("preview", "on");
  for (const CascadePreview& p :
       deps.Get<AccountStore>().Preview(tenancy::Scope::Of(request.caller()), level, names)) {
    core::Element row = reply.AddRow();
    row.Set("name", p.name)
        .Set("accounts", std::to_string(p.accounts))
        .Set("users", std::to_string(p.users))
        .Set("suspended", std::to_string(p.suspended))
        .Set("suspended_on_own", std::to_string(p.suspended_on_own))
        .Set("sessions", std::to_string(p.sessions))
        .Set("owned", std::to_string(p.owned));
    // What the other families hold there (reach_counters.h), marked for the confirmation page.
    const std::string below = tenancy::SubtreePattern(p.tree_path);
    for (const ReachCounter& counter : deps.Get<ReachCounters>().all()) {
      row.Add(counter.name)
          .Attr("reach", "yes")
          .Text(std::to_string(counter.count(deps, p.id, below)));
    }
  }
  return reply;
}

core::Reply PreviewLimits(const Deps& deps, const Account& account, const AccountChanges& changes) {
  core::Reply reply;
  reply.Root().Set("preview", "on").Set("name", account.name);
  for (const LimitOverrun& o : deps.Get<AccountStore>().PreviewLimits(account, changes)) {
    std::string names;
    for (const std::string& name : o.accounts) names += (names.empty() ? "" : ", ") + name;
    reply.AddRow()
        .Set("limit", o.limit)
        .Set("new", o.new_value)
        .Set("held", o.held)
        .Set("accounts", names);
  }
  return reply;
}

core::Reply PreviewMove(const Deps& deps, const core::Request& request, int level,
                        const std::string& name, const std::string& owner) {
  const tenancy::Scope scope = tenancy::Scope::Of(request.caller());
  AccountStore& store = deps.Get<AccountStore>();
  // What goes with it, read before; then the move itself, never committed.
  const std::vector<CascadePreview> reach = store.Preview(scope, level, {name});
  std::string from;
  {
    db::Transaction dry_run(deps.db);
    from = store.Move(scope, level, name, owner);
  }
  core::Reply reply;
  reply.Root().Set("preview", "on");
  for (const CascadePreview& p : reach) {
    reply.AddRow()
        .Set("name", p.name)
        .Set("from", from)
        .Set("to", owner)
        .Set("accounts", std::to_string(p.accounts))
        .Set("users", std::to_string(p.users));
  }
  return reply;
}

}  // namespace resellermgr::account
