#pragma once
// Permission groups: group, group.edit, group.delete (API.md "Organisations"). A group is a set
// of rights "area:action"; staff logins get theirs from one. Nobody grants more than it holds.

#include "core/function_registry.h"
#include "core/permissions.h"
#include "core/request.h"

namespace resellermgr::group {

// The rights a group form or API call carries: `rights` as "area:action,..." when not empty, else
// one checkbox per right named "<area>_<action>". PluginError(kInvalidValue, "rights") for an
// unknown right.
core::Rights ReadRights(const core::Request& request);

void RegisterGroupFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::group
