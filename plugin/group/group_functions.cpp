#include "group/group_functions.h"

#include <iterator>
#include <regex>

#include "audit/audit_log.h"
#include "base/errors.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "group/group_store.h"

namespace resellermgr::group {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

Viewer ViewerOf(const Request& request) {
  const core::Caller& caller = request.caller();
  return {caller.account_id, static_cast<int>(caller.level)};
}

// One checkbox per right, on or off, and the canonical list.
void AppendRights(core::Element& doc, const core::Rights& rights) {
  for (const std::string& area : core::RightAreas()) {
    for (int a = 0; a < static_cast<int>(std::size(core::kActionNames)); ++a) {
      const std::string field = area + "_" + core::kActionNames[a];
      doc.Set(field, rights.Has(area, static_cast<core::Action>(a)) ? "on" : "off");
    }
  }
  doc.Set("rights", rights.ToString());
}

Reply ListGroups(const Deps& deps, const Request& request) {
  Reply reply;
  for (const Group& group : deps.Get<GroupStore>().Visible(ViewerOf(request))) {
    core::Element row = reply.AddRow();
    row.Set("name", group.name)
        .Set("rights", group.rights.ToString())
        .Set("offered", group.offered ? "on" : "off")
        .Set("builtin", group.builtin ? "on" : "off")
        .Set("own", group.own ? "on" : "off")
        .Set("logins", group.logins);
  }
  return reply;
}

Reply ShowGroup(const Deps& deps, const Request& request) {
  Reply reply;
  core::Element doc = reply.Root();
  const std::string_view elid = request.GetOr("elid", "");
  if (elid.empty()) {
    doc.Set("name", "").Set("offered", "off");
    AppendRights(doc, {});
    return reply;
  }
  std::optional<Group> group = deps.Get<GroupStore>().FindVisible(ViewerOf(request), elid);
  if (!group) throw PluginError(ErrorKind::kNotFound, "elid", std::string(elid));
  doc.Set("elid", group->name).Set("name", group->name);
  doc.Set("offered", group->offered ? "on" : "off").Set("builtin", group->builtin ? "on" : "off");
  doc.Set("readonly", group->own ? "off" : "on");
  AppendRights(doc, group->rights);
  return reply;
}

// A group is changed or deleted only by a caller whose rights cover the group's (issue 20): a
// groups:edit staff member must not strip the rights of a group that holds more than it does.
void RequireCovers(const Request& request, const Group& group) {
  if (!request.caller().permissions.Held().Covers(group.rights))
    throw PluginError(ErrorKind::kAccessDenied, "grant", group.name,
                      "this group holds rights you do not have");
}

Reply SaveGroup(const Deps& deps, const Request& request) {
  const std::string_view elid = request.GetOr("elid", "");
  const bool create = elid.empty();
  const std::string name = create ? request.Require("name") : std::string(elid);
  static const std::regex kName(R"([A-Za-z0-9][A-Za-z0-9 ._-]{0,63})");
  if (!std::regex_match(name, kName)) throw PluginError(ErrorKind::kInvalidValue, "name", name);
  const core::Rights rights = ReadRights(request);
  // Never more than the caller holds itself (a staff login's group, a token's scope).
  if (!request.caller().permissions.Held().Covers(rights))
    throw PluginError(ErrorKind::kAccessDenied, "grant", rights.ToString());
  const Viewer viewer = ViewerOf(request);
  const bool offered = request.Flag("offered");
  if (offered && !viewer.admin()) throw PluginError(ErrorKind::kAccessDenied, "offered");

  std::vector<changes::FieldChange> fields;
  if (create) {
    deps.Get<GroupStore>().Create(viewer, name, rights, offered);
  } else {
    std::optional<Group> before = deps.Get<GroupStore>().FindVisible(viewer, name);
    if (before) RequireCovers(request, *before);
    deps.Get<GroupStore>().Update(viewer, name, rights, offered);
    if (before) {
      fields = changes::Diff(
          {{"rights", before->rights.ToString()}, {"offered", before->offered ? "on" : "off"}},
          {{"rights", rights.ToString()}, {"offered", offered && viewer.admin() ? "on" : "off"}});
    }
  }
  deps.changes.Record(request,
                      {"group:" + name, create ? "created" : "changed",
                       "rights=" + rights.ToString() + (offered ? " offered=on" : " offered=off"),
                       create ? "group.created" : "group.changed", std::move(fields)});
  Reply reply = Reply::Ok();
  if (create) reply.Root().Set("id", name);
  return reply;
}

Reply EditGroup(const Deps& deps, const Request& request) {
  return request.Submitted() ? SaveGroup(deps, request) : ShowGroup(deps, request);
}

Reply DeleteGroups(const Deps& deps, const Request& request) {
  const std::vector<std::string> names = request.RequireNameList("elid");
  for (const std::string& name : names) {
    if (std::optional<Group> group = deps.Get<GroupStore>().FindVisible(ViewerOf(request), name))
      RequireCovers(request, *group);
  }
  deps.Get<GroupStore>().Delete(ViewerOf(request), names);
  for (const std::string& name : names)
    deps.changes.Record(request, {"group:" + name, "deleted", "", "group.deleted", {}});
  return Reply::Ok();
}

}  // namespace

core::Rights ReadRights(const Request& request) {
  // The text field wins when filled (API clients); the panel's form sends it empty beside the
  // boxes.
  if (std::optional<std::string_view> csv = request.Get("rights"); csv && !csv->empty()) {
    std::optional<core::Rights> rights = core::Rights::Parse(*csv);
    if (!rights) throw PluginError(ErrorKind::kInvalidValue, "rights", std::string(*csv));
    return *rights;
  }
  core::Rights rights;
  for (const std::string& area : core::RightAreas()) {
    for (int a = 0; a < static_cast<int>(std::size(core::kActionNames)); ++a) {
      if (request.Flag(area + "_" + core::kActionNames[a]))
        rights.Add(area, static_cast<core::Action>(a));
    }
  }
  return rights;
}

void RegisterGroupFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("group",        AccessLevel::kReseller, Effect::kReads,   ListGroups);
  registry.Add("group.edit",   AccessLevel::kReseller, Effect::kSubmits, EditGroup);
  registry.Add("group.delete", AccessLevel::kReseller, Effect::kChanges, DeleteGroups);
  // clang-format on
  registry.SetGroup("group", "groups");
}

}  // namespace resellermgr::group
