#pragma once
// White label (issue 12 item 1): brand.edit (a reseller's brand, allowed by the admin), and the
// brand's public files for every page, login pages included: brand.logo, brand.favicon,
// brand.css (by the brand's public key). The panel picks the brand (web/panel.cpp).

#include "core/function_registry.h"

namespace resellermgr::brand {

void RegisterBrandFunctions(core::FunctionRegistry& registry);

}  // namespace resellermgr::brand
