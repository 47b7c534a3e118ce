#include "preset/preset_functions.h"

#include <regex>

#include "audit/audit_log.h"
#include "base/errors.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "preset/preset_store.h"
#include "tenancy/limits.h"

namespace resellermgr::preset {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

long long Owner(const Request& request) { return request.caller().account_id; }

Reply ListPresets(const Deps& deps, const Request& request) {
  Reply reply;
  for (const Preset& preset : deps.Get<PresetStore>().List(Owner(request))) {
    core::Element row = reply.AddRow();
    row.Set("name", preset.name);
    tenancy::AppendLimitFields(row, preset.limits, deps.Get<tenancy::LimitCatalog>().Descriptors());
  }
  return reply;
}

Reply ShowPreset(const Deps& deps, const Request& request) {
  Reply reply;
  core::Element doc = reply.Root();
  std::optional<std::string_view> elid = request.Get("elid");
  if (!elid || elid->empty()) {
    doc.Set("name", "");
    tenancy::AppendLimitFields(doc, {}, deps.Get<tenancy::LimitCatalog>().Descriptors());
    return reply;
  }
  std::optional<Preset> preset = deps.Get<PresetStore>().Find(Owner(request), std::string(*elid));
  if (!preset) throw PluginError(ErrorKind::kNotFound, "preset", std::string(*elid));
  doc.Set("elid", preset->name).Set("name", preset->name);
  tenancy::AppendLimitFields(doc, preset->limits, deps.Get<tenancy::LimitCatalog>().Descriptors());
  return reply;
}

Reply SavePreset(const Deps& deps, const Request& request) {
  std::optional<std::string_view> elid = request.Get("elid");
  const bool create = !elid || elid->empty();
  std::string name = create ? request.Require("name") : std::string(*elid);
  static const std::regex kName(R"([\w .-]{1,64})");
  if (!std::regex_match(name, kName)) throw PluginError(ErrorKind::kInvalidValue, "name", name);

  tenancy::LimitValues limits;
  if (!create) {
    std::optional<Preset> current = deps.Get<PresetStore>().Find(Owner(request), name);
    if (!current) throw PluginError(ErrorKind::kNotFound, "preset", name);
    limits = current->limits;  // omitted fields keep their value
  }
  for (const auto& [limit, value] :
       tenancy::ParseLimitFields(request, deps.Get<tenancy::LimitCatalog>().Descriptors())) {
    if (value) {
      limits[limit] = *value;
    } else {
      limits.erase(limit);
    }
  }
  std::vector<changes::FieldChange> fields;
  if (!create) {
    std::vector<std::pair<std::string, std::string>> before, after;
    if (std::optional<Preset> current = deps.Get<PresetStore>().Find(Owner(request), name)) {
      for (const auto& [limit, value] : current->limits)
        before.emplace_back(limit, std::to_string(value));
    }
    for (const auto& [limit, value] : limits) after.emplace_back(limit, std::to_string(value));
    fields = changes::Diff(before, after);
  }
  deps.Get<PresetStore>().Save(Owner(request), name, limits, create);
  deps.changes.Record(
      request, {"preset:" + name, create ? "created" : "changed", audit::RedactedParams(request),
                create ? "preset.created" : "preset.changed", std::move(fields)});
  Reply reply = Reply::Ok();
  if (create) reply.Root().Set("id", name);
  return reply;
}

Reply EditPreset(const Deps& deps, const Request& request) {
  return !request.Submitted() ? ShowPreset(deps, request) : SavePreset(deps, request);
}

Reply DeletePresets(const Deps& deps, const Request& request) {
  const std::vector<std::string> names = request.RequireNameList("elid");
  deps.Get<PresetStore>().Delete(Owner(request), names);
  for (const std::string& name : names)
    deps.changes.Record(request, {"preset:" + name, "deleted", "", "preset.deleted", {}});
  return Reply::Ok();
}

}  // namespace

void RegisterPresetFunctions(core::FunctionRegistry& registry) {
  // One row per function, read as a table.
  // clang-format off
  registry.Add("preset",        AccessLevel::kReseller, Effect::kReads,   ListPresets);
  registry.Add("preset.edit",   AccessLevel::kReseller, Effect::kSubmits, EditPreset);
  registry.Add("preset.delete", AccessLevel::kReseller, Effect::kChanges, DeletePresets);
  // clang-format on
}

}  // namespace resellermgr::preset
