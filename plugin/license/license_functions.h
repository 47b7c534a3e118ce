#pragma once
// The licence family's functions (issue 24, DESIGN.md "Licences"): licence types
// (type_functions.cpp), IP licences and availability (license_functions.cpp), their totals
// (totals.cpp), the check-in every licensed server calls (checkin.cpp), activation keys
// (key_functions.cpp), server accounts (server_account_functions.cpp) and backups tied to
// licences (backup_functions.cpp).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/deps.h"
#include "core/function_registry.h"
#include "core/reply.h"
#include "core/request.h"
#include "license/license_store.h"

namespace resellermgr::license {

void RegisterLicenseFunctions(core::FunctionRegistry& registry);
// license.type, license.type.edit (type_functions.cpp).
void RegisterTypeFunctions(core::FunctionRegistry& registry);
void RegisterCheckIn(core::FunctionRegistry& registry);
void RegisterKeyFunctions(core::FunctionRegistry& registry);
void RegisterServerAccountFunctions(core::FunctionRegistry& registry);
void RegisterBackupFunctions(core::FunctionRegistry& registry);

// Shared by the function files.
// The enabled type `field` names (its code), or PluginError(kNotFound / kInvalidValue).
LicenseType RequireType(const Deps& deps, const core::Request& request, const char* field);
// The caller's own server account `field` names; nullopt when the field is absent or empty.
std::optional<ServerAccount> ServerAccountField(const Deps& deps, const core::Request& request,
                                                const char* field, long long owner_id);
// "a, b" of numeric ids: each a canonical number, else PluginError(kInvalidValue, "elid").
std::vector<long long> RequireIds(const core::Request& request, const char* field = "elid");
// The `slist` of the enabled types a form offers (code, "code name"); a filter's starts with
// `any` (an empty key).
void AddTypeList(const Deps& deps, const core::Request& request, core::Element form,
                 const char* name, bool any = false);
// The `slist` of the caller's server accounts a form offers, none first.
void AddServerAccountList(const Deps& deps, const core::Request& request, core::Element form);
// A hostname as a server reports it (`hostname`): letters, digits, '-', '.', at most 255; else
// PluginError(kInvalidValue, "hostname").
std::string HostnameField(const core::Request& request);
// What stops an address holding `held` taking `type`: "taken" (a licence of the type) or
// "excluded" (another type of its product, unless both are `multiple`); empty when nothing does.
std::string Conflict(const std::vector<License>& held, const LicenseType& type,
                     LicenseStore& store);
// A licence's target in the audit log and events: "license:IP/CODE".
std::string Target(const std::string& ip, int type_code);

// What one licence of each type costs `account_id` a month at its provider card (totals.cpp).
std::map<int, std::int64_t> MonthlyCosts(const Deps& deps, long long account_id);
// The home page's licence tile and the lists' heading: licences held, the limit, unused, what
// they cost a month at the caller's provider card, and how many have not checked in lately.
void LicenseTile(const Deps& deps, const core::Request& request, core::Element home);
void AddTotals(const Deps& deps, const core::Request& request, core::Element root);

}  // namespace resellermgr::license
