#include "core/function_registry.h"

#include <algorithm>
#include <stdexcept>

namespace resellermgr::core {
namespace {

Action ActionFromName(std::string_view name, Effect effect) {
  const std::string_view verb = name.substr(name.rfind('.') + 1);
  if (name.find('.') != std::string_view::npos) {
    if (verb == "delete") return Action::kDelete;
    if (verb == "suspend" || verb == "resume" || verb == "disable" || verb == "enable")
      return Action::kSuspend;
  }
  return effect == Effect::kReads ? Action::kRead : Action::kEdit;
}

// "user" covers "user" and "user.edit", not "userstat".
bool UnderPrefix(std::string_view name, std::string_view prefix) {
  return name.starts_with(prefix) && (name.size() == prefix.size() || name[prefix.size()] == '.');
}

}  // namespace

void FunctionRegistry::Add(std::string name, AccessLevel min_level, Effect effect, Handler handler,
                           Gate gate) {
  std::string object = name.substr(0, name.find('.'));
  FunctionSpec spec{min_level, effect, std::move(handler), gate, {}, std::move(object)};
  spec.action = ActionFromName(name, effect);
  if (!added_.emplace(name, std::move(spec)).second)
    throw std::logic_error("function registered twice: " + name);
  functions_[name] = Derived(name);
}

void FunctionRegistry::AddRule(std::string_view prefix, std::function<void(FunctionSpec&)> apply,
                               bool exact) {
  rules_.push_back({std::string(prefix), std::move(apply), exact});
  // The more specific prefix wins whichever module set it first ("reseller.message" over
  // "reseller"); rules of the same length apply in the order they came.
  std::stable_sort(rules_.begin(), rules_.end(),
                   [](const Rule& a, const Rule& b) { return a.prefix.size() < b.prefix.size(); });
  for (auto& [name, spec] : functions_) spec = Derived(name);
}

FunctionSpec FunctionRegistry::Derived(const std::string& name) const {
  FunctionSpec spec = added_.at(name);
  for (const Rule& rule : rules_) {
    if (rule.exact ? name == rule.prefix : UnderPrefix(name, rule.prefix)) rule.apply(spec);
  }
  return spec;
}

void FunctionRegistry::SetGroup(std::string_view prefix, const std::string& group) {
  AddRule(prefix, [group](FunctionSpec& spec) { spec.group = group; });
}

void FunctionRegistry::NeverReplay(std::string_view prefix) {
  AddRule(prefix, [](FunctionSpec& spec) { spec.replays = false; });
}

void FunctionRegistry::SetAction(std::string_view prefix, Action action) {
  AddRule(prefix, [action](FunctionSpec& spec) { spec.action = action; });
}

void FunctionRegistry::TakesPreview(std::string_view name) {
  AddRule(name, [](FunctionSpec& spec) { spec.previews = true; });
}

void FunctionRegistry::CarriesSession(std::string_view name) {
  AddRule(
      name, [](FunctionSpec& spec) { spec.carries_session = true; }, true);
}

void FunctionRegistry::OwnTransactions(std::string_view prefix) {
  AddRule(prefix, [](FunctionSpec& spec) { spec.transactional = false; });
}

void FunctionRegistry::NeverForTokens(std::string_view prefix) {
  AddRule(prefix, [](FunctionSpec& spec) { spec.for_tokens = false; });
}

void FunctionRegistry::ExtendForm(std::string_view func, ShowPart show, SavePart save) {
  AddRule(func, [show, save](FunctionSpec& spec) {
    spec.handler = [inner = spec.handler, show, save](const Deps& deps, const Request& request) {
      Reply reply = inner(deps, request);
      if (reply.IsError()) return reply;
      if (!request.Submitted()) {
        if (show) show(deps, request, reply.Root());
      } else if (save) {
        save(deps, request);
      }
      return reply;
    };
  });
}

void FunctionRegistry::SetObject(std::string_view prefix, const std::string& object) {
  AddRule(prefix, [object](FunctionSpec& spec) { spec.object = object; });
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
