#pragma once
// preset, preset.edit, preset.delete: limit templates of the caller's (effective) account.

#include "core/function_registry.h"

namespace resellermgr::preset {

void RegisterPresetFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::preset
