#include "core/function_registry.h"

#include <stdexcept>

namespace resellermgr::core {

void FunctionRegistry::Add(std::string name, AccessLevel min_level, Effect effect, Handler handler,
                           Gate gate) {
  if (!functions_.emplace(name, FunctionSpec{min_level, effect, std::move(handler), gate, {}})
           .second) {
    throw std::logic_error("function registered twice: " + name);
  }
}

void FunctionRegistry::SetGroup(std::string_view prefix, const std::string& group) {
  for (auto& [name, spec] : functions_) {
    if (name == prefix ||
        (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
         name[prefix.size()] == '.')) {
      spec.group = group;
    }
  }
}

std::vector<std::string> FunctionRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, spec] : functions_) names.push_back(name);
  return names;
}

const FunctionSpec* FunctionRegistry::Find(std::string_view name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

}  // namespace resellermgr::core
