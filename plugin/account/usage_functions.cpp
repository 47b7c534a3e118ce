// Usage and the home page: usage.report (the host reports an account's disk and traffic),
// userstat (usage per account of the caller's subtree) and dashboard.

#include "account/account_functions.h"
#include "account/account_rows.h"
#include "account/account_store.h"
#include "base/errors.h"
#include "base/text.h"
#include "deps.h"
#include "money/amount.h"
#include "service/service_store.h"
#include "ticket/ticket_store.h"
#include "wallet/wallet_store.h"

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
  deps.accounts.ReportUsage(name,
                            {UsageField(request, "quota_used"), UsageField(request, "traff_used")});
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
  for (const Account& a : deps.accounts.List(ScopeOf(request), query).rows) {
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

// dashboard: what the caller's accounts come to (by level: total, suspended, over a limit), its
// open tickets, and its own limits against what it has given out and what it uses.
Reply ShowDashboard(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  Reply reply;
  core::Element doc = reply.Root();
  for (const LevelCounts& c : deps.accounts.CountByLevel(ScopeOf(request))) {
    doc.Add("accounts")
        .Attr("level", c.level)
        .Attr("total", c.total)
        .Attr("suspended", c.suspended)
        .Attr("overlimit", c.over_limit);
  }
  long long open = 0;
  const bool admin = caller.admin();
  for (const ticket::Ticket& t : deps.tickets.List({caller.account_id, admin, caller.account_path}))
    open += t.status != "closed";
  doc.Add("tickets").Attr("open", open).Attr("waiting", deps.tickets.Awaiting(caller.account_id));
  // Money: a reseller's own wallet, the admin's totals over every wallet.
  if (caller.level >= AccessLevel::kReseller &&
      caller.permissions.Allows("wallets", core::Action::kRead)) {
    const wallet::Summary money = deps.wallets.Dashboard(caller.account_id, admin);
    doc.Add("money")
        .Attr("balance", money::FormatAmount(money.balance))
        .Attr("available", money::FormatAmount(money.balance + money.credit_limit))
        .Attr("charged_today", money::FormatAmount(money.charged_today))
        .Attr("charged_month", money::FormatAmount(money.charged_month));
  }
  std::optional<Account> self = deps.accounts.Get(caller.account_id);
  // Whom to ask (vendor settings): the support its provider routes it to, and the provider's
  // documentation, status page and client area.
  if (self && !admin && self->owner_id != 0) {
    const service::Route route = deps.services.RouteFor(self->owner_id);
    const service::VendorSettings provider = deps.services.Vendor(self->owner_id);
    doc.Add("support")
        .Attr("provider", route.brand)
        .Attr("email", route.email)
        .Attr("phone", deps.services.Vendor(route.center_account_id).support_phone)
        .Attr("docs", provider.url_docs)
        .Attr("status", provider.url_status)
        .Attr("client_area", provider.url_client_area);
  }
  // A reseller's own client account is no row of its user list: the home page gives it a place.
  if (self && self->level == kResellerLevel) {
    if (std::optional<std::string> own = deps.accounts.OwnClientOf(self->id))
      doc.Add("own_client").Attr("name", *own);
  }
  if (self && !admin) {
    const auto allocated = deps.accounts.Allocated(self->id);
    const auto used = [&](const std::string& limit) -> long long {
      if (limit == "limit_quota") return static_cast<long long>(self->quota_used);
      if (limit == "limit_traff") return static_cast<long long>(self->traff_used);
      if (limit == "limit_users") return self->users_count;
      return -1;  // the host reports no usage for it
    };
    // A user (issue 20) has no accounts to give limits to, and one without a limit of its own
    // is bounded by its owner's: the row says so (owner_limit) instead of "no limit".
    const bool user = caller.user();
    for (const LimitDescriptor& d : deps.accounts.Descriptors()) {
      if (d.kind == LimitKind::kFlag || (user && d.name == "limit_users")) continue;
      const std::string own = LimitText(self->limits, d.name.c_str());
      core::Element row = doc.Add("limit").Attr("name", d.name).Attr("limit", own);
      if (own.empty()) {
        const std::string bound = LimitText(self->owner_limits, d.name.c_str());
        if (!bound.empty()) row.Attr("owner_limit", bound);
      }
      if (!user) {
        auto given = allocated.find(d.name);
        row.Attr("allocated", given == allocated.end() ? 0 : static_cast<long long>(given->second));
      }
      if (const long long u = used(d.name); u >= 0) row.Attr("used", u);
    }
  }
  return reply;
}

}  // namespace

void RegisterUsageFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("userstat",     AccessLevel::kReseller, Effect::kReads,   ListUsage);
  registry.Add("dashboard",    AccessLevel::kUser,     Effect::kReads,   ShowDashboard);
  // Usage is measured by the host, so only the host's administrator reports it.
  registry.Add("usage.report", AccessLevel::kAdmin,    Effect::kChanges, ReportUsage);
  // clang-format on
}

}  // namespace resellermgr::account
