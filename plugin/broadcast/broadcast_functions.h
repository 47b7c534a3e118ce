#pragma once
// broadcast, broadcast.edit.

#include "core/function_registry.h"

namespace resellermgr::broadcast {

void RegisterBroadcastFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::broadcast
