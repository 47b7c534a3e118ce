// broadcast, broadcast.edit: a reseller (or the admin) writes to all its users, or to those
// under one sub-reseller, of one template, or of one status (issue 27 item 4). The request only
// freezes the audience (one row a recipient, in one statement) and answers; the daemon's
// background work (broadcast/delivery.cpp) then opens a ticket at each recipient and mails it, in
// batches. The sender follows its progress in the list: recipients reached, mails sent, waiting
// (the relay away) and given up.

#include "broadcast/broadcast_functions.h"

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "broadcast/broadcast_store.h"
#include "changes/changes.h"
#include "core/deps.h"

namespace resellermgr::broadcast {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

// The audience a request names, checked: `owner` a reseller below the caller, `status` one of
// the three. Returns the text the list shows for it.
Audience AudienceOf(const Deps& deps, const Request& request, std::string& shown) {
  Audience audience;
  const std::string owner(request.GetOr("owner", ""));
  if (!owner.empty()) {
    const std::optional<account::Account> reseller = deps.Get<account::Directory>().Find(
        tenancy::Scope::Of(request.caller()), core::kResellerLevel, owner);
    if (!reseller) throw PluginError(ErrorKind::kNotFound, "owner", base::Utf8Prefix(owner, 64));
    audience.subtree = tenancy::SubtreePattern(reseller->tree_path);
    shown += "owner=" + owner;
  }
  audience.preset = std::string(request.GetOr("preset", ""));
  if (!audience.preset.empty())
    shown += (shown.empty() ? "" : ", ") + ("preset=" + audience.preset);
  const std::string status(request.GetOr("status", ""));
  if (status == "active" || status == "suspended") {
    audience.status = status;
    shown += (shown.empty() ? "" : ", ") + ("status=" + status);
  } else if (!status.empty() && status != "all") {
    throw PluginError(ErrorKind::kInvalidValue, "status", base::Utf8Prefix(status, 32));
  }
  if (shown.empty()) shown = "all users";
  return audience;
}

void AddProgress(core::Element e, const Progress& p) {
  e.Set("id", p.id)
      .Set("subject", p.subject)
      .Set("audience", p.audience)
      .Set("created", p.created_at)
      .Set("total", p.total)
      .Set("done", p.done)
      .Set("mailed", p.mailed)
      .Set("mail_waiting", p.mail_waiting)
      .Set("mail_failed", p.mail_failed)
      .Set("state", p.finished_at.empty() ? "sending" : "done")
      .Set("finished", p.finished_at);
}

Reply ListBroadcasts(const Deps& deps, const Request& request) {
  Reply reply;
  for (const Progress& p : deps.Get<BroadcastStore>().List(request.caller().account_id))
    AddProgress(reply.AddRow(), p);
  return reply;
}

// The form: a sent broadcast (elid) as it stands; a new one with how many users its audience
// reaches now (shown again with what was typed: the form's Preview).
Reply ShowBroadcast(const Deps& deps, const Request& request) {
  Reply reply;
  core::Element root = reply.Root();
  const std::string_view elid = request.GetOr("elid", "");
  if (!elid.empty()) {
    long long id = 0;
    try {
      id = std::stoll(std::string(elid));
    } catch (const std::exception&) {
    }
    const std::optional<Progress> p =
        deps.Get<BroadcastStore>().Find(request.caller().account_id, id);
    if (!p) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(elid, 32));
    root.Set("elid", p->id);
    AddProgress(root, *p);
    return reply;
  }
  std::string shown;
  const Audience audience = AudienceOf(deps, request, shown);
  root.Set("subject", request.GetOr("subject", ""))
      .Set("text", request.GetOr("text", ""))
      .Set("owner", request.GetOr("owner", ""))
      .Set("preset", request.GetOr("preset", ""))
      .Set("status", request.GetOr("status", "all"))
      .Set("recipients",
           deps.Get<BroadcastStore>().Count(tenancy::Reach::Of(request.caller()), audience));
  return reply;
}

Reply SendBroadcast(const Deps& deps, const Request& request) {
  if (!request.GetOr("elid", "").empty())
    throw PluginError(ErrorKind::kInvalidValue, "elid", "",
                      "a broadcast, once sent, stays as it is");
  const core::Caller& caller = request.caller();
  const std::string subject(request.Require("subject"));
  const std::string text = base::ReplaceAll(std::string(request.Require("text")), "\r\n", "\n");
  std::string shown;
  const Audience audience = AudienceOf(deps, request, shown);
  long long total = 0;
  const long long id = deps.Get<BroadcastStore>().Create(
      tenancy::Reach::Of(caller), audience,
      {caller.account_id, caller.login, caller.account, subject, text, shown}, total);
  if (total == 0)
    throw PluginError(ErrorKind::kInvalidValue, "owner", "", "no user is in this audience");
  deps.changes.Record(request, {"broadcast " + std::to_string(id),
                                "created",
                                audit::RedactedParams(request),
                                "broadcast.created",
                                {{"recipients", "", std::to_string(total)}}});
  Reply reply = Reply::Ok();
  reply.Root().Set("id", id).Set("recipients", total);
  return reply;
}

Reply EditBroadcast(const Deps& deps, const Request& request) {
  return request.Submitted() ? SendBroadcast(deps, request) : ShowBroadcast(deps, request);
}

}  // namespace

void RegisterBroadcastFunctions(core::FunctionRegistry& registry) {
  registry.Add("broadcast", AccessLevel::kReseller, Effect::kReads, ListBroadcasts);
  registry.Add("broadcast.edit", AccessLevel::kReseller, Effect::kSubmits, EditBroadcast);
  registry.SetGroup("broadcast", "tickets");
}

}  // namespace resellermgr::broadcast
