#include "core/module.h"

#include <algorithm>

#include "core/permissions.h"

namespace resellermgr::core {

void RegisterModules(std::span<const Module* const> modules, FunctionRegistry& registry) {
  // Areas first, in list order: that order is the canonical order of a rights string.
  for (const Module* module : modules) {
    for (const RightArea& area : module->areas) RegisterRightArea(area.name, area.per_account);
  }
  for (const Module* module : modules) {
    if (module->register_functions) module->register_functions(registry);
  }
}

House::House(std::span<const Module* const> modules) : modules_(modules.begin(), modules.end()) {
  RegisterModules(modules, registry_);
  for (const Module* module : modules_)
    tiles_.insert(tiles_.end(), module->tiles.begin(), module->tiles.end());
  std::stable_sort(tiles_.begin(), tiles_.end(),
                   [](const Tile& a, const Tile& b) { return a.order < b.order; });
}

void House::AddStores(StoreContext& context) const {
  for (const Module* module : modules_) {
    if (module->add_stores) module->add_stores(context);
  }
}

const Job* House::FindJob(const std::vector<std::string>& args) const {
  for (const Module* module : modules_) {
    for (const Job& job : module->jobs) {
      const std::string words = job.words;
      const std::size_t space = words.find(' ');
      if (args.size() >= 2 && args.size() <= job.max_args && args[0] == words.substr(0, space) &&
          args[1] == words.substr(space + 1))
        return &job;
    }
  }
  return nullptr;
}

std::vector<const Job*> House::jobs() const {
  std::vector<const Job*> all;
  for (const Module* module : modules_) {
    for (const Job& job : module->jobs) all.push_back(&job);
  }
  return all;
}

std::vector<const Background*> House::background() const {
  std::vector<const Background*> all;
  for (const Module* module : modules_) {
    for (const Background& work : module->background) all.push_back(&work);
  }
  return all;
}

}  // namespace resellermgr::core
