#pragma once
// What the account lists, the usage list and the dashboard share: the caller's scope, the page
// bound, and what an account's row shows.

#include <string>

#include "account/account.h"
#include "core/reply.h"
#include "core/request.h"

namespace resellermgr::account {

inline constexpr int kMaxPageSize = 1000;  // rows a list page may ask for (p_cnt)

inline Scope ScopeOf(const core::Request& request) { return Scope::Of(request.caller()); }

// p_order: asc (the default) or desc; anything else is a typed error, not a silent default.
bool Descending(const core::Request& request);
// A limit as text: its value, or "" when the account has none of its own.
std::string LimitText(const LimitValues& limits, const char* limit);
// A used/limit column (API.md): <quota used="1817" limit="4950">1817 / 4950</quota>; a limit the
// account has none of its own is empty and bounded by its owner's (owner_limit); with neither, ∞.
void AppendIndicator(core::Element row, const char* column, long long used, const Account& a,
                     const char* limit);
// quota_total, quota_used and the quota and traffic columns.
void AppendUsage(core::Element row, const Account& a);

}  // namespace resellermgr::account
