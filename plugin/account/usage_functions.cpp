// Usage: usage.report (the host reports an account's disk and traffic) and userstat (usage per
// account of the caller's subtree).

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "account/account_functions.h"
#include "account/account_rows.h"
#include "account/account_store.h"
#include "account/usage_forecast.h"
#include "base/config.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "contacts/contacts.h"
#include "core/deps.h"
#include "core/module.h"
#include "mail/mail.h"

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

// An account newly estimated to reach a limit within the horizon: it and the reseller above it
// are mailed (each in its language, under the brand it knows), and the event is its own.
void TellNearLimit(const Deps& deps, const Request& request, const Forecast& f) {
  const std::string days = std::to_string(*f.days_left);
  deps.changes.Record(request, {f.account,
                                f.resource + " full in ~" + days + " days",
                                "",
                                "usage.full_soon",
                                {{"resource", "", f.resource},
                                 {"days", "", days},
                                 {"used_mib", "", std::to_string(f.used)},
                                 {"limit_mib", "", std::to_string(f.limit)},
                                 {"rate_mib_per_day", "", std::to_string(f.rate)}},
                                f.account});
  const std::string kind = "usage." + f.resource + "_full_soon";
  const std::map<std::string, std::string> values = {{"name", f.account},
                                                     {"days", days},
                                                     {"used", std::to_string(f.used)},
                                                     {"limit", std::to_string(f.limit)}};
  for (long long to : {f.account_id, f.parent_id}) {
    if (to == 0) continue;
    deps.mail.Enqueue(deps.Get<mail::Composer>().ComposeTo(
        deps.Get<contacts::Contacts>().ContactOf(to, false), kind, values));
  }
}

// usage.report: the host reports an account's disk (MiB) and monthly traffic (MiB). The
// estimates of when it and the resellers above it reach their limits follow, in the same
// transaction (usage_forecast.h).
Reply ReportUsage(const Deps& deps, const Request& request) {
  const std::string& name = request.Require("elid");
  const std::vector<long long> moved = deps.Get<AccountStore>().ReportUsage(
      name, {UsageField(request, "quota_used"), UsageField(request, "traff_used")});
  for (const Forecast& f : deps.Get<UsageForecasts>().Update(moved, deps.config.usage_alert_days)) {
    if (f.newly_near) TellNearLimit(deps, request, f);
  }
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
  const std::vector<Account> rows = deps.Get<AccountStore>().List(ScopeOf(request), query).rows;
  // When each reaches its limits at its recent rate (usage_forecast.h), "full in ~N days".
  std::vector<long long> ids;
  for (const Account& a : rows) ids.push_back(a.id);
  std::map<std::pair<long long, std::string>, int> full_in;
  for (const Forecast& f : deps.Get<UsageForecasts>().Of(ids))
    if (f.days_left) full_in[{f.account_id, f.resource}] = *f.days_left;
  for (const Account& a : rows) {
    core::Element row = reply.AddRow();
    row.Set("name", a.name).Set("level", a.level);
    AppendUsage(row, a);
    row.Add("users")
        .Attr("used", a.users_count)
        .Attr("limit", LimitText(a.limits, "limit_users"))
        .Text(std::to_string(a.users_count));
    for (const char* resource : {"disk", "traffic"}) {
      if (auto days = full_in.find({a.id, resource}); days != full_in.end())
        row.Set(std::string(resource) + "_full_in", days->second);
    }
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
