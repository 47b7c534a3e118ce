#pragma once
// Reading limit fields from a request (ISPmanager 5/6 names and the ISP4 aliases) and checking a
// child's limits against its owner's pool. Pure functions: the store supplies the numbers.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/reply.h"
#include "core/request.h"
#include "tenancy/sizes.h"

namespace resellermgr::db {
class Connection;
}

namespace resellermgr::tenancy {
// Limit values by name ("limit_quota"). A missing count/mib limit means "unlimited"; a missing
// flag means "off" (flags are stored as 1).
using LimitValues = std::map<std::string, std::uint64_t, std::less<>>;

struct LimitDescriptor {
  std::string name;
  LimitKind kind;
  std::vector<std::string>
      isp4_aliases;  // the usual one first (limit_descriptor), then limit_alias
};

// The limit fields present in `request`, by canonical name; omitted fields are left out (keep).
// An empty count/mib value or "off" for a flag removes the limit. Throws
// PluginError(kInvalidValue, field) on a malformed value.
std::map<std::string, std::optional<std::uint64_t>, std::less<>> ParseLimitFields(
    const core::Request& request, const std::vector<LimitDescriptor>& descriptors);

// One child per limit: the number ("" when unlimited) or on/off for flags (preset.edit and the
// edit forms return every limit, and clients copy them all).
void AppendLimitFields(core::Element parent, const LimitValues& limits,
                       const std::vector<LimitDescriptor>& descriptors);


// The limits the installation knows (limit_descriptor, with the ISP4 aliases of limit_alias),
// read once per worker on first use: they change only with a migration.
class LimitCatalog {
 public:
  explicit LimitCatalog(db::Connection& connection) : connection_(connection) {}
  const std::vector<LimitDescriptor>& Descriptors();

 private:
  db::Connection& connection_;
  std::vector<LimitDescriptor> descriptors_;
};

}  // namespace resellermgr::tenancy
