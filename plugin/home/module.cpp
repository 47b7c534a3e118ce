#include "home/module.h"

#include "core/dispatcher.h"
#include "core/deps.h"

namespace resellermgr::home {
namespace {

// dashboard: the home page, one tile after another from the modules that bring them.
core::Reply ShowDashboard(const Deps& deps, const core::Request& request) {
  core::Reply reply;
  for (const core::Tile& tile : deps.house.tiles()) tile.add(deps, request, reply.Root());
  return reply;
}

}  // namespace

const core::Module kModule{
    .name = "home",
    .register_functions =
        [](core::FunctionRegistry& registry) {
          registry.Add("dashboard", core::AccessLevel::kUser, core::Effect::kReads, ShowDashboard);
        },
};

}  // namespace resellermgr::home
