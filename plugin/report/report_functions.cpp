#include "report/report_functions.h"

#include <algorithm>
#include <sstream>

#include "account/account_store.h"
#include "base/errors.h"
#include "base/text.h"
#include "core/deps.h"
#include "core/messages.h"
#include "core/svg.h"
#include "invoice/invoice_store.h"
#include "money/amount.h"
#include "report/report_store.h"

namespace resellermgr::report {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr int kMonths = 12;

// The figures a request asks for: one month of every reseller the caller reaches (`period`
// without `elid`), or one reseller's months (`elid`, or the caller's own), newest first.
std::vector<Figures> Rows(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const std::string_view elid = request.GetOr("elid", "");
  // The admin's report opens on last month of every reseller (issue 20: its menu entry), the
  // newest one `resellerctl report monthly` wrote; the filter picks another.
  const std::string last_month = invoice::Month(-1);
  std::string_view period = request.GetOr("period", "");
  if (period.empty() && elid.empty() && caller.admin()) period = last_month;
  if (!period.empty() && elid.empty()) {
    if (!invoice::MonthRange(std::string(period)))
      throw PluginError(ErrorKind::kInvalidValue, "period", base::Utf8Prefix(period, 16),
                        "a month such as 2026-11");
    return deps.Get<ReportStore>().Month(tenancy::SubtreePatternOrNone(caller.account_path),
                                         caller.admin(), std::string(period));
  }
  const std::optional<account::Account> target = deps.Get<account::Directory>().OwnOrResellerBelow(
      tenancy::Scope::Of(caller), caller.account, elid);
  if (!target) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(elid, 64));
  const long long account_id = target->id;
  if (account_id == caller.account_id && caller.admin())
    throw PluginError(ErrorKind::kInvalidValue, "elid", "", "name a reseller, or a period");
  const std::string month = invoice::Month(0);
  const auto range = invoice::MonthRange(month);
  return deps.Get<ReportStore>().History(account_id, month, range->first, range->second, kMonths);
}

Reply ListReport(const Deps& deps, const Request& request) {
  Reply reply;
  for (const Figures& f : Rows(deps, request)) {
    reply.AddRow()
        .Set("id", f.account + "/" + f.month)
        .Set("name", f.account)
        .Set("month", f.month)
        .Set("clients", f.clients)
        .Set("services_active", f.services_active)
        .Set("disk", static_cast<long long>(f.disk_mib))
        .Set("traffic", static_cast<long long>(f.traffic_mib))
        .Set("charges", money::FormatAmount(f.charges))
        .Set("cost", money::FormatAmount(f.cost))
        .Set("income", money::FormatAmount(f.income))
        .Set("billable", money::FormatAmount(f.billable))
        .Set("margin", money::FormatAmount(f.margin()))
        .Set("live", f.live ? "on" : "off");
  }
  return reply;
}

// report.csv: the same rows as a spreadsheet takes them.
Reply Csv(const Deps& deps, const Request& request) {
  std::ostringstream csv;
  csv << "reseller,month,clients,services_active,disk_mib,traffic_mib,charges,cost,income,"
         "billable,margin,live\r\n";
  for (const Figures& f : Rows(deps, request)) {
    csv << f.account << ',' << f.month << ',' << f.clients << ',' << f.services_active << ','
        << f.disk_mib << ',' << f.traffic_mib << ',' << money::FormatAmount(f.charges) << ','
        << money::FormatAmount(f.cost) << ',' << money::FormatAmount(f.income) << ','
        << money::FormatAmount(f.billable) << ',' << money::FormatAmount(f.margin()) << ','
        << (f.live ? "yes" : "no") << "\r\n";
  }
  Reply reply;
  reply.SetAttachment({"text/csv; charset=utf-8", "report.csv", csv.str(), false});
  return reply;
}

// report.chart: one reseller's clients and services in use over its months, as an SVG drawn
// here (pugixml writes it, so every text is escaped): readable without JavaScript.
Reply Chart(const Deps& deps, const Request& request) {
  std::vector<Figures> rows = Rows(deps, request);
  std::reverse(rows.begin(), rows.end());  // oldest first, left to right
  const std::string lang(request.lang(request.caller().lang));
  const auto label = [&](const char* name) {
    return deps.messages.Find(lang, "report", name).value_or(name);
  };
  constexpr int kWidth = 640, kHeight = 260, kLeft = 48, kTop = 28, kBottom = 36;
  const int plot_height = kHeight - kTop - kBottom;
  long long top = 1;
  for (const Figures& f : rows) top = std::max({top, f.clients, f.services_active});
  core::SvgDrawing svg(kWidth, kHeight, label("chart_title"));
  // Axis and its top value; the legend.
  svg.Rect(kLeft, kTop, 1, plot_height, "#888888");
  svg.Rect(kLeft, kTop + plot_height, kWidth - kLeft - 8, 1, "#888888");
  svg.Text(kLeft - 6, kTop + 4, std::to_string(top), "end");
  svg.Text(kLeft - 6, kTop + plot_height, "0", "end");
  svg.Rect(kLeft + 8, 8, 10, 10, "#2563eb");
  svg.Text(kLeft + 22, 17, label("clients"), "start");
  svg.Rect(kLeft + 160, 8, 10, 10, "#e67e22");
  svg.Text(kLeft + 174, 17, label("services_active"), "start");
  const int slots = std::max<int>(static_cast<int>(rows.size()), 1);
  const int slot = (kWidth - kLeft - 16) / slots;
  const int bar = std::max(2, slot / 3);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int x = kLeft + 8 + static_cast<int>(i) * slot;
    const auto height = [&](long long v) { return static_cast<int>(v * plot_height / top); };
    const int hc = height(rows[i].clients), hs = height(rows[i].services_active);
    svg.Rect(x, kTop + plot_height - hc, bar, hc, "#2563eb");
    svg.Rect(x + bar, kTop + plot_height - hs, bar, hs, "#e67e22");
    svg.Text(x + bar, kTop + plot_height + 14, rows[i].month);
    svg.Text(x + bar / 2, kTop + plot_height - hc - 3, std::to_string(rows[i].clients));
  }
  return svg.ToReply("report.svg");
}

}  // namespace

void RegisterReportFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("report",       AccessLevel::kReseller, Effect::kReads, ListReport);
  registry.Add("report.csv",   AccessLevel::kReseller, Effect::kReads, Csv);
  registry.Add("report.chart", AccessLevel::kReseller, Effect::kReads, Chart);
  // clang-format on
  registry.SetGroup("report", "usage");
}

}  // namespace resellermgr::report
