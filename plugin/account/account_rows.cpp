#include "account/account_rows.h"

#include "base/errors.h"
#include "base/text.h"

namespace resellermgr::account {

bool Descending(const core::Request& request) {
  const std::string_view order = request.GetOr("p_order", "");
  if (order.empty() || order == "asc") return false;
  if (order == "desc") return true;
  throw base::PluginError(base::ErrorKind::kInvalidValue, "p_order", base::Utf8Prefix(order, 32));
}

std::string LimitText(const LimitValues& limits, const char* limit) {
  auto value = limits.find(limit);
  return value == limits.end() ? "" : std::to_string(value->second);
}

// A used/limit column (API.md): <quota used="1817" limit="4950">1817 / 4950</quota>. A limit
// the account has none of its own is empty and bounded by its owner's, which owner_limit names:
// <quota used="300" limit="" owner_limit="4950">300 / ≤ 4950</quota>; with neither, ∞.
void AppendIndicator(core::Element row, const char* column, long long used, const Account& a,
                     const char* limit) {
  const std::string own = LimitText(a.limits, limit);
  const std::string owner = own.empty() ? LimitText(a.owner_limits, limit) : "";
  core::Element cell = row.Add(column).Attr("used", used).Attr("limit", own);
  if (!owner.empty()) cell.Attr("owner_limit", owner);
  const std::string bound = !own.empty() ? own : !owner.empty() ? "≤ " + owner : "∞";
  cell.Text(std::to_string(used) + " / " + bound);
}

void AppendUsage(core::Element row, const Account& a) {
  row.Set("quota_total", LimitText(a.limits, "limit_quota"))
      .Set("quota_used", static_cast<long long>(a.quota_used));
  AppendIndicator(row, "quota", static_cast<long long>(a.quota_used), a, "limit_quota");
  AppendIndicator(row, "traffic", static_cast<long long>(a.traff_used), a, "limit_traff");
}

}  // namespace resellermgr::account
