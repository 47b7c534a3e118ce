#include "account/search_functions.h"

#include "account/account_store.h"
#include "base/errors.h"
#include "base/text.h"
#include "core/deps.h"

namespace resellermgr::account {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Reply;
using core::Request;

// search: resellers and users the caller reaches whose name, e-mail or full name holds `q`.
Reply Search(const Deps& deps, const Request& request) {
  const std::string text(request.GetOr("q", ""));
  Reply reply;
  reply.Root().Set("q", text);
  if (text.empty()) return reply;
  if (text.size() < 2)
    throw PluginError(ErrorKind::kInvalidValue, "q", text, "at least two characters");
  if (text.size() > 64) throw PluginError(ErrorKind::kInvalidValue, "q", "", "at most 64 bytes");
  const int limit = static_cast<int>(request.GetInt("p_cnt", 50, 1, 200));
  for (const Account& a :
       deps.Get<AccountStore>().Search(Scope::Of(request.caller()), text, limit)) {
    reply.AddRow()
        .Set("name", a.name)
        .Set("kind", a.level == kResellerLevel ? "reseller" : "user")
        .Set("owner", a.owner)
        .Set("fullname", a.fullname)
        .Set("email", a.email)
        .Set("active", a.suspended ? "off" : "on");
  }
  return reply;
}

}  // namespace

void RegisterSearchFunctions(core::FunctionRegistry& registry) {
  registry.Add("search", AccessLevel::kReseller, core::Effect::kReads, Search);
  registry.SetGroup("search", "users");
}

}  // namespace resellermgr::account
