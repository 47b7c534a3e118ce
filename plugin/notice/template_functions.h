#pragma once
// The mail wordings' functions: mail.template, .edit, .preview, .reset.

#include "core/function_registry.h"

namespace resellermgr::notice {

void RegisterTemplateFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::notice
