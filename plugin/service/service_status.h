#pragma once
// A client's service goes through statuses along a fixed table of transitions (DESIGN.md
// "Branding, services, mail"). The table is here and nowhere else: the store asks it, the tests
// walk every pair of it.

#include <array>
#include <optional>
#include <string_view>

namespace resellermgr::service {

enum class Status { kNew, kTrial, kTrialEnd, kActivating, kActive, kPaused, kDeleted };

inline constexpr std::array<std::string_view, 7> kStatusNames = {
    "new", "trial", "trialend", "activating", "active", "paused", "deleted"};

std::optional<Status> ParseStatus(std::string_view name);
std::string_view StatusName(Status status);

// Whether a service may go from `from` to `to` (never to itself).
bool MayMove(Status from, Status to);

// In use: a service that is active or in trial is not hidden from its client; it is paused or
// deleted first.
inline bool InUse(Status status) { return status == Status::kActive || status == Status::kTrial; }

}  // namespace resellermgr::service
