#pragma once
// The API reference, generated from what the code runs on: every registered function (its level,
// whether it changes state, its function group) and, from the metadata, its form fields (input,
// check, length, label, hint) and its list columns. docs/api-reference.md is this output
// (`resellerctl api-reference`); a unit test fails when the two differ, so the reference cannot
// drift from the code. nginx serves it at /docs/api-reference.md.

#include <string>

#include "core/function_registry.h"
#include "core/messages.h"
#include "core/metadata.h"

namespace resellermgr::core {

// Markdown, in English.
std::string ApiReference(const FunctionRegistry& registry, const Metadata& metadata,
                         const Messages& messages);

}  // namespace resellermgr::core
