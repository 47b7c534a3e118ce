#include "audit/audit_functions.h"

#include <regex>

#include "audit/audit_log.h"
#include "base/errors.h"
#include "core/deps.h"

namespace resellermgr::audit {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::Reply;
using core::Request;

std::string TimeFilter(const Request& request, const char* field) {
  std::string value(request.GetOr(field, ""));
  static const std::regex kTime(R"(\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?)");
  if (!value.empty() && !std::regex_match(value, kTime))
    throw PluginError(ErrorKind::kInvalidValue, field, value);
  return value;
}

Reply ListAudit(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  AuditQuery query;
  query.scope_account_id = caller.admin() ? 0 : caller.account_id;
  query.scope_path = caller.account_path;
  query.actor = std::string(request.GetOr("actor", ""));
  query.target = std::string(request.GetOr("target", ""));
  query.from = TimeFilter(request, "from");
  query.to = TimeFilter(request, "to");
  query.page = static_cast<int>(request.GetInt("p_num", 1, 1, 1000000));
  query.page_size = static_cast<int>(request.GetInt("p_cnt", 100, 1, 1000));
  const AuditPage page = deps.audit.List(query);
  Reply reply;
  for (const AuditRow& row : page.rows) {
    reply.AddRow()
        .Set("id", row.id)
        .Set("time", row.at)
        .Set("actor", row.entry.actor)
        .Set("as", row.entry.as_account)
        .Set("ip", row.entry.ip)
        .Set("func", row.entry.func)
        .Set("target", row.entry.target)
        .Set("outcome", row.entry.outcome)
        .Set("params", row.entry.params);
  }
  reply.Root().Set("p_num", query.page).Set("p_cnt", query.page_size).Set("p_elems", page.total);
  return reply;
}

}  // namespace

void RegisterAuditFunctions(core::FunctionRegistry& registry) {
  registry.Add("audit", core::AccessLevel::kReseller, core::Effect::kReads, ListAudit);
}

}  // namespace resellermgr::audit
