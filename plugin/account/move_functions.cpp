// user.move / reseller.move: elid (one name) under owner (the caller's own account or a reseller
// below it; the admin: any reseller or its own account). Without sok: the form; with
// preview=on, what the move would do (account/preview_functions.h).

#include "account/account_functions.h"
#include "account/account_rows.h"
#include "account/account_store.h"
#include "account/preview_functions.h"
#include "base/errors.h"
#include "changes/changes.h"
#include "core/deps.h"

namespace resellermgr::account {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::Reply;
using core::Request;

// `object` names the kind in the event ("user.moved").
template <int kLevel, const char* kObject>
Reply MoveAccount(const Deps& deps, const Request& request) {
  if (!request.Submitted()) {
    Reply reply;
    const std::string elid = request.Require("elid");
    std::optional<Account> account = deps.Get<AccountStore>().Find(ScopeOf(request), kLevel, elid);
    if (!account) throw PluginError(ErrorKind::kNotFound, "elid", elid);
    reply.Root().Set("elid", account->name).Set("name", account->name).Set("owner", account->owner);
    return reply;
  }
  const std::string name = request.Require("elid");
  const std::string owner = request.Require("owner");
  if (request.Flag("preview")) return PreviewMove(deps, request, kLevel, name, owner);
  const std::string from = deps.Get<AccountStore>().Move(ScopeOf(request), kLevel, name, owner);
  deps.changes.Record(
      request,
      {name, "moved", "", std::string(kObject) + ".moved", {{"owner", from, owner}}, name});
  return Reply::Ok();
}

constexpr char kUserObject[] = "user";
constexpr char kResellerObject[] = "reseller";

}  // namespace

void RegisterMoveFunctions(core::FunctionRegistry& registry) {
  using core::AccessLevel;
  using core::Effect;
  registry.Add("user.move", AccessLevel::kReseller, Effect::kSubmits,
               MoveAccount<kUserLevel, kUserObject>);
  registry.Add("reseller.move", AccessLevel::kReseller, Effect::kSubmits,
               MoveAccount<kResellerLevel, kResellerObject>);
  registry.TakesPreview("user.move");
  registry.TakesPreview("reseller.move");
}

}  // namespace resellermgr::account
