#pragma once
// The one list of modules (modules.cpp): adding a family is its folder plus one line there.

#include <span>

#include "core/module.h"

namespace resellermgr {

std::span<const core::Module* const> AllModules();

}  // namespace resellermgr
