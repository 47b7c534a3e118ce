// Usage: usage.report (the host reports an account's disk and traffic) and userstat (usage per
// account of the caller's subtree).

#include <fstream>
#include <iostream>
#include <sstream>

#include "account/account_functions.h"
#include "account/account_rows.h"
#include "account/account_store.h"
#include "base/errors.h"
#include "base/text.h"
#include "core/deps.h"
#include "core/module.h"

namespace resellermgr::account {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

std::uint64_t UsageField(const Request& request, const char* field) {
  const std::string& text = request.Require(field);
  if (text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos) {
    throw PluginError(ErrorKind::kInvalidValue, field, base::Utf8Prefix(text, 32));
  }
  return std::stoull(text);
}

// usage.report: the host reports an account's disk (MiB) and monthly traffic (MiB).
Reply ReportUsage(const Deps& deps, const Request& request) {
  const std::string& name = request.Require("elid");
  deps.Get<AccountStore>().ReportUsage(
      name, {UsageField(request, "quota_used"), UsageField(request, "traff_used")});
  return Reply::Ok();
}

// userstat: usage per account of the caller's subtree (resellers for an admin, users for a
// reseller).
Reply ListUsage(const Deps& deps, const Request& request) {
  ListQuery query;
  query.level = request.caller().admin() ? kResellerLevel : kUserLevel;
  query.sort = std::string(request.GetOr("p_sort", "name"));
  query.descending = Descending(request);
  query.page_size = kMaxPageSize;
  Reply reply;
  for (const Account& a : deps.Get<AccountStore>().List(ScopeOf(request), query).rows) {
    core::Element row = reply.AddRow();
    row.Set("name", a.name).Set("level", a.level);
    AppendUsage(row, a);
    row.Add("users")
        .Attr("used", a.users_count)
        .Attr("limit", LimitText(a.limits, "limit_users"))
        .Text(std::to_string(a.users_count));
  }
  return reply;
}

}  // namespace

void RegisterUsageFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("userstat",     AccessLevel::kReseller, Effect::kReads,   ListUsage);
  // Usage is measured by the host, so only the host's administrator reports it.
  registry.Add("usage.report", AccessLevel::kAdmin,    Effect::kChanges, ReportUsage);
  // clang-format on
}

// `usage import FILE`: each line goes through usage.report as the admin, in its own
// transaction; bad lines are reported with their number and the rest still imported.
int ImportUsage(core::JobContext& context, const std::vector<std::string>& args) {
  const std::string& path = args[2];
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    return 1;
  }
  const std::optional<core::Caller> caller = context.local_caller("admin");
  if (!caller) return 1;
  int imported = 0, failed = 0, number = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream split(line);
    for (std::string field; std::getline(split, field, ',');) fields.push_back(field);
    core::RawRequest raw;
    raw.remote_addr = "local";
    if (fields.size() == 3) {
      raw.query = "func=usage.report&elid=" + base::PercentEncode(fields[0]) +
                  "&quota_used=" + base::PercentEncode(fields[1]) +
                  "&traff_used=" + base::PercentEncode(fields[2]);
    }
    const core::Response response = context.call_as(raw, *caller);
    if (fields.size() == 3 && response.body.find("<ok/>") != std::string::npos) {
      ++imported;
    } else {
      ++failed;
      std::cerr << path << ":" << number << ": rejected: " << line << "\n";
    }
  }
  std::cout << "imported " << imported << ", rejected " << failed << "\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace resellermgr::account
