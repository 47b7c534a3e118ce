#include "service/service_status.h"

namespace resellermgr::service {
namespace {

using enum Status;

struct Move {
  Status from, to;
};

// new:        offered, not used yet: a trial starts, the client asks to activate, or it is
//             switched on at once.
// trial:      ends (trialend), is bought (active), or is paused.
// trialend:   the client may still ask for it or be switched on.
// activating: the request is done (active) or turned down (back to new).
// active:     paused and resumed.
// deleted:    ended; offering it again starts at new.
constexpr Move kMoves[] = {
    {kNew, kTrial},       {kNew, kActivating},     {kNew, kActive},
    {kNew, kDeleted},     {kTrial, kTrialEnd},     {kTrial, kActive},
    {kTrial, kPaused},    {kTrial, kDeleted},      {kTrialEnd, kActivating},
    {kTrialEnd, kActive}, {kTrialEnd, kDeleted},   {kActivating, kActive},
    {kActivating, kNew},  {kActivating, kDeleted}, {kActive, kPaused},
    {kActive, kDeleted},  {kPaused, kActive},      {kPaused, kDeleted},
    {kDeleted, kNew},
};

}  // namespace

std::optional<Status> ParseStatus(std::string_view name) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == name) return static_cast<Status>(i);
  return std::nullopt;
}

std::string_view StatusName(Status status) { return kStatusNames[static_cast<int>(status)]; }

bool MayMove(Status from, Status to) {
  for (const Move& move : kMoves)
    if (move.from == from && move.to == to) return true;
  return false;
}

}  // namespace resellermgr::service
