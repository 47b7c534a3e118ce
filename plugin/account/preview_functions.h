#pragma once
// preview=on (issue 25): reseller.suspend, reseller.resume, reseller.delete and the same of user
// say what they would reach before they do it, and change nothing.

#include "core/function_registry.h"

namespace resellermgr::account {

// The preview reply for `elid` at `level`: one row per target, with what the change would reach.
core::Reply PreviewCascade(const Deps& deps, const core::Request& request, int level);

}  // namespace resellermgr::account
