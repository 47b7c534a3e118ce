#include "account/usage_chart_functions.h"

#include <algorithm>
#include <pugixml.hpp>

#include "account/account_store.h"
#include "account/usage_history.h"
#include "base/errors.h"
#include "base/text.h"
#include "core/deps.h"
#include "core/messages.h"
#include "core/svg.h"
#include "tenancy/limits.h"

namespace resellermgr::account {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Reply;
using core::Request;

// The account the chart is of: the caller's own, or one below it (elid).
long long Subject(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const std::string_view elid = request.GetOr("elid", "");
  if (elid.empty() || elid == caller.account) return caller.account_id;
  std::optional<Account> below = deps.Get<AccountStore>().FindBelow(Scope::Of(caller), elid);
  if (!below) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(elid, 64));
  return below->id;
}

// One panel of the chart: a line of `values` over the points, its own scale, its title.
void Panel(core::SvgDrawing& svg, int top, int height, const std::string& title,
           const std::vector<std::uint64_t>& values, const char* colour) {
  constexpr int kLeft = 64, kWidth = 640;
  const std::uint64_t max = std::max<std::uint64_t>(
      1, values.empty() ? 1 : *std::max_element(values.begin(), values.end()));
  svg.Text(kLeft, top + 12, title, "start");
  svg.Text(kLeft - 6, top + 28, FormatAmount(max, LimitKind::kMib), "end");
  svg.Text(kLeft - 6, top + height, "0", "end");
  pugi::xml_node axis = svg.Append("path");
  axis.append_attribute("d") =
      ("M" + std::to_string(kLeft) + " " + std::to_string(top + 20) + " V" +
       std::to_string(top + height) + " H" + std::to_string(kWidth - 8))
          .c_str();
  axis.append_attribute("stroke") = "#888888";
  axis.append_attribute("fill") = "none";
  if (values.empty()) return;
  std::string points;
  const int plot = height - 24;
  const double step = values.size() > 1 ? double(kWidth - 8 - kLeft) / (values.size() - 1) : 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const int x = kLeft + static_cast<int>(i * step);
    const int y = top + height - static_cast<int>(values[i] * plot / max);
    points += std::to_string(x) + "," + std::to_string(y) + " ";
    // A short history's days are marked: a line through one point draws nothing (issue 20).
    if (values.size() < 32) {
      pugi::xml_node dot = svg.Append("circle");
      dot.append_attribute("cx") = x;
      dot.append_attribute("cy") = y;
      dot.append_attribute("r") = 3;
      dot.append_attribute("fill") = colour;
    }
  }
  pugi::xml_node line = svg.Append("polyline");
  line.append_attribute("points") = points.c_str();
  line.append_attribute("fill") = "none";
  line.append_attribute("stroke") = colour;
  line.append_attribute("stroke-width") = 2;
}

// usage.chart: an account's disk and traffic over time (older months, then the last 90 days)
// as an SVG drawn here: pugixml writes it, so every text is escaped.
Reply Chart(const Deps& deps, const Request& request) {
  const std::vector<UsagePoint> points = UsageHistory(deps.db, Subject(deps, request));
  const std::string lang(request.lang(request.caller().lang));
  const auto label = [&](const char* name) {
    return deps.messages.Find(lang, "usage.chart", name).value_or(name);
  };
  std::vector<std::uint64_t> disk, traffic;
  for (const UsagePoint& p : points) {
    disk.push_back(p.quota_mib);
    traffic.push_back(p.traff_mib);
  }
  core::SvgDrawing svg(640, 300, label("title"));
  Panel(svg, 4, 128, label("disk"), disk, "#2563eb");
  Panel(svg, 150, 128, label("traffic"), traffic, "#e67e22");
  svg.Text(64, 296,
           points.empty() ? label("nothing") : points.front().when + " – " + points.back().when,
           nullptr);
  return svg.ToReply("usage.svg");
}

}  // namespace

void RegisterUsageChartFunctions(core::FunctionRegistry& registry) {
  registry.Add("usage.chart", AccessLevel::kUser, core::Effect::kReads, Chart);
}

}  // namespace resellermgr::account
