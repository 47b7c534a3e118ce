#pragma once
// The broadcast's background work (core::Background).

namespace resellermgr {
struct Deps;
}

namespace resellermgr::broadcast {

inline constexpr int kBroadcastBatch = 100;  // recipients one transaction tells

// One batch of due recipients; true when the batch was full (more may be due).
bool DeliverBroadcasts(const Deps& deps);

}  // namespace resellermgr::broadcast
