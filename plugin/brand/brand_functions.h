#pragma once
// White label (issue 12 item 1): brand.edit (a reseller's brand, allowed by the admin), and the
// brand's public files for every page, login pages included: brand.logo, brand.favicon,
// brand.css (by the brand's public key). The panel picks the brand (web/panel.cpp).

#include "account/account.h"
#include "core/function_registry.h"

namespace resellermgr::brand {

void RegisterBrandFunctions(core::FunctionRegistry& registry);
// brand.certificate (brand/certificate_functions.cpp).
void RegisterCertificateFunctions(core::FunctionRegistry& registry);

// The home page's word about the caller's brand certificate (a tile).
void CertificateTile(const Deps& deps, const core::Request& request, core::Element home);

// The reseller whose brand a function is about: the caller's own account, or (the admin, a
// parent) one below it by elid.
account::Account Target(const Deps& deps, const core::Request& request);

}  // namespace resellermgr::brand
