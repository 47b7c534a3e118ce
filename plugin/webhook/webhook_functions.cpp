// Webhooks per account (issue 25 item 1). A reseller (or the admin) subscribes URLs to kinds of
// events; each webhook receives the events of its owner's subtree only (the owner's own and
// those of every account below it; an admin's, every event), signed with its own secret. The
// secret is shown once, when it is made or rotated; a rotation may keep the old one signing
// beside it for a while, so receivers can switch without losing a delivery. A URL must reach a
// public address unless the admin allowed this webhook private ones (url_check.h). `event` reads
// the same stream as a feed: a billing system that was away asks for what followed the last
// number it saw.

#include "webhook/webhook_functions.h"

#include <nlohmann/json.hpp>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "changes/event_log.h"
#include "core/deps.h"
#include "util/crypto.h"
#include "webhook/patterns.h"
#include "webhook/url_check.h"
#include "webhook/webhook_store.h"

namespace resellermgr::webhook {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr std::size_t kMaxDescription = 255;
constexpr int kMaxOverlapHours = 168;
constexpr int kDeliveriesShown = 200;
constexpr int kFeedDefault = 100, kFeedMax = 1000;

std::string NewSecret() { return "whsec_" + util::RandomToken(); }

const char* OnOff(bool on) { return on ? "on" : "off"; }

Webhook RequireWebhook(const Deps& deps, const Request& request, std::string_view field) {
  const std::optional<long long> id = request.GetId(field);
  std::optional<Webhook> hook =
      id ? deps.Get<WebhookStore>().Find(tenancy::Reach::Of(request.caller()), *id) : std::nullopt;
  if (!hook)
    throw PluginError(ErrorKind::kNotFound, std::string(field),
                      base::Utf8Prefix(request.GetOr(field, ""), 32));
  return *hook;
}

void AddWebhook(core::Element e, const Webhook& w) {
  e.Set("id", w.id)
      .Set("owner", w.owner)
      .Set("url", w.url)
      .Set("events", w.events)
      .Set("description", w.description)
      .Set("enabled", OnOff(w.enabled))
      .Set("allow_private", OnOff(w.allow_private))
      .Set("created", w.created_at)
      .Set("previous_until", w.previous_until)
      .Set("delivered", w.delivered)
      .Set("failing", w.failing)
      .Set("last_attempt", w.last_attempt);
  if (w.last_code != 0) e.Set("last_code", w.last_code);
}

Reply ListWebhooks(const Deps& deps, const Request& request) {
  Reply reply;
  for (const Webhook& w : deps.Get<WebhookStore>().List(tenancy::Reach::Of(request.caller())))
    AddWebhook(reply.AddRow(), w);
  return reply;
}

Reply ShowWebhook(const Deps& deps, const Request& request) {
  Reply reply;
  core::Element root = reply.Root();
  if (!request.GetOr("elid", "").empty()) {
    const Webhook w = RequireWebhook(deps, request, "elid");
    root.Set("elid", w.id);
    AddWebhook(root, w);
    return reply;
  }
  root.Set("owner", "").Set("url", "").Set("events", "*").Set("description", "");
  root.Set("enabled", "on").Set("allow_private", "off");
  return reply;
}

// The account a new webhook is for: the caller's own, or (`owner`) a reseller below it.
std::pair<long long, std::string> OwnerOf(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const std::string owner(request.GetOr("owner", ""));
  if (owner.empty() || owner == caller.account) return {caller.account_id, caller.account};
  const std::optional<account::Account> account =
      deps.Get<account::Directory>().Find(tenancy::Scope::Of(caller), core::kResellerLevel, owner);
  if (!account) throw PluginError(ErrorKind::kNotFound, "owner", base::Utf8Prefix(owner, 64));
  return {account->id, account->name};
}

// The form's fields, checked. Only an admin lets a webhook reach private addresses; anyone
// else who changes the URL takes that leave away (it was given for the URL the admin saw).
WebhookFields ReadFields(const Request& request, const Webhook* old) {
  const bool admin = request.caller().admin();
  WebhookFields f;
  const Url url = ParseUrl(request.Require("url"));
  f.url = url.text;
  f.events = JoinPatterns(ParsePatterns(request.Require("events")));
  f.description = std::string(request.GetOr("description", ""));
  if (f.description.size() > kMaxDescription)
    throw PluginError(ErrorKind::kInvalidValue, "description", "", "at most 255 bytes");
  f.enabled = request.Has("enabled") ? request.Flag("enabled") : (old ? old->enabled : true);
  if (admin) {
    f.allow_private =
        request.Has("allow_private") ? request.Flag("allow_private") : (old && old->allow_private);
  } else {
    if (request.Flag("allow_private") && !(old && old->allow_private && old->url == f.url))
      throw PluginError(ErrorKind::kAccessDenied, "allow_private", "",
                        "only the administrator lets a webhook reach private addresses");
    f.allow_private = old && old->allow_private && old->url == f.url;
  }
  if (!f.allow_private) {
    if (const std::string problem = HostProblem(url.host); !problem.empty())
      throw PluginError(ErrorKind::kInvalidValue, "url", base::Utf8Prefix(f.url, 200),
                        problem + ": webhooks call public addresses only");
  }
  return f;
}

Reply SaveWebhook(const Deps& deps, const Request& request) {
  WebhookStore& store = deps.Get<WebhookStore>();
  if (request.GetOr("elid", "").empty()) {
    const auto [account_id, owner] = OwnerOf(deps, request);
    const WebhookFields f = ReadFields(request, nullptr);
    const std::string secret = NewSecret();
    const long long id = store.Create(account_id, f, secret);
    deps.changes.Record(request, {"webhook " + std::to_string(id),
                                  "created",
                                  audit::RedactedParams(request),
                                  "webhook.created",
                                  {{"url", "", f.url}, {"events", "", f.events}},
                                  owner});
    Reply reply = Reply::Ok();
    reply.Root().Add("once");  // the only time the secret leaves the server
    reply.Root().Set("id", id).Set("secret", secret);
    return reply;
  }
  const Webhook old = RequireWebhook(deps, request, "elid");
  const WebhookFields f = ReadFields(request, &old);
  store.Update(old.id, f);
  deps.changes.Record(request, {"webhook " + std::to_string(old.id), "changed",
                                audit::RedactedParams(request), "webhook.changed",
                                changes::Diff({{"url", old.url},
                                               {"events", old.events},
                                               {"description", old.description},
                                               {"enabled", OnOff(old.enabled)},
                                               {"allow_private", OnOff(old.allow_private)}},
                                              {{"url", f.url},
                                               {"events", f.events},
                                               {"description", f.description},
                                               {"enabled", OnOff(f.enabled)},
                                               {"allow_private", OnOff(f.allow_private)}}),
                                old.owner});
  return Reply::Ok();
}

Reply EditWebhook(const Deps& deps, const Request& request) {
  return request.Submitted() ? SaveWebhook(deps, request) : ShowWebhook(deps, request);
}

Reply DeleteWebhooks(const Deps& deps, const Request& request) {
  std::vector<Webhook> hooks;
  for (long long id : request.RequireIdList("elid")) {
    std::optional<Webhook> w =
        deps.Get<WebhookStore>().Find(tenancy::Reach::Of(request.caller()), id);
    if (!w) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
    hooks.push_back(std::move(*w));
  }
  for (const Webhook& w : hooks) {
    deps.Get<WebhookStore>().Delete(w.id);
    deps.changes.Record(request, {"webhook " + std::to_string(w.id),
                                  "deleted",
                                  "",
                                  "webhook.deleted",
                                  {{"url", w.url, ""}},
                                  w.owner});
  }
  return Reply::Ok();
}

// webhook.rotate: a new secret, shown once; the old one signs beside it for `overlap` hours
// (0: it stops at once).
Reply RotateSecret(const Deps& deps, const Request& request) {
  const Webhook w = RequireWebhook(deps, request, "elid");
  if (!request.Submitted()) {
    Reply reply;
    reply.Root().Set("elid", w.id).Set("url", w.url).Set("overlap", 24);
    return reply;
  }
  const int overlap = static_cast<int>(request.GetInt("overlap", 24, 0, kMaxOverlapHours));
  const std::string secret = NewSecret();
  deps.Get<WebhookStore>().Rotate(w.id, secret, overlap);
  deps.changes.Record(request, {"webhook " + std::to_string(w.id),
                                "secret rotated",
                                audit::RedactedParams(request),
                                "webhook.rotated",
                                {{"overlap_hours", "", std::to_string(overlap)}},
                                w.owner});
  Reply reply = Reply::Ok();
  reply.Root().Add("once");
  reply.Root().Set("id", w.id).Set("secret", secret);
  const std::optional<Webhook> now =
      deps.Get<WebhookStore>().Find(tenancy::Reach::Of(request.caller()), w.id);
  if (now && !now->previous_until.empty()) reply.Root().Set("previous_until", now->previous_until);
  return reply;
}

// webhook.delivery: a webhook's latest deliveries (elid or plid: the webhook).
Reply ListDeliveries(const Deps& deps, const Request& request) {
  const Webhook w =
      RequireWebhook(deps, request, request.GetOr("plid", "").empty() ? "elid" : "plid");
  Reply reply;
  for (const Delivery& d : deps.Get<WebhookStore>().Deliveries(
           w.id, deps.config.outbox_max_attempts, kDeliveriesShown)) {
    core::Element row = reply.AddRow();
    row.Set("id", d.id)
        .Set("event", d.event)
        .Set("kind", d.kind)
        .Set("created", d.created_at)
        .Set("state", d.state)
        .Set("attempts", d.attempts)
        .Set("last_attempt", d.last_attempt)
        .Set("delivered", d.delivered_at)
        .Set("error", d.error);
    if (d.code != 0) row.Set("code", d.code);
  }
  reply.Root().Set("plid", w.id);
  return reply;
}

// webhook.delivery.resend: "send again" (elid: deliveries of the webhook plid).
Reply ResendDeliveries(const Deps& deps, const Request& request) {
  const Webhook w = RequireWebhook(deps, request, "plid");
  const std::vector<long long> ids = request.RequireIdList("elid");
  const int found = deps.Get<WebhookStore>().Resend(w.id, ids);
  if (found != static_cast<int>(ids.size()))
    throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(request.GetOr("elid", ""), 64),
                      "not every delivery named is this webhook's");
  deps.changes.Record(request, {"webhook " + std::to_string(w.id),
                                "sent again",
                                audit::RedactedParams(request),
                                "",
                                {{"deliveries", "", std::to_string(found)}},
                                w.owner});
  return Reply::Ok();
}

// event: the feed of the caller's subtree. With `after`: the events numbered after it, in
// order, at most `limit`; without: the latest `limit`. `next` is what to ask after next time.
Reply ListEvents(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const int limit = static_cast<int>(request.GetInt("limit", kFeedDefault, 1, kFeedMax));
  const std::string path = caller.admin() ? std::string() : caller.account_path;
  if (!caller.admin() && path.empty())
    throw PluginError(ErrorKind::kAccessDenied, "event", "", "an account without a place");
  changes::EventLog& log = deps.Get<changes::EventLog>();
  const bool paged = !request.GetOr("after", "").empty();
  const long long after = request.GetInt("after", 0, 0, 999999999999999999LL);
  const std::vector<changes::Event> events =
      paged ? log.After(path, after, limit) : log.Latest(path, limit);
  Reply reply;
  for (const changes::Event& e : events) {
    const auto payload = nlohmann::json::parse(e.payload, nullptr, false);
    const auto field = [&](const char* name) {
      return payload.is_object() && payload.contains(name) && payload[name].is_string()
                 ? payload[name].get<std::string>()
                 : std::string();
    };
    core::Element row = reply.AddRow();
    row.Set("id", e.seq)
        .Set("time", e.at)
        .Set("event", e.kind)
        .Set("subject", field("subject"))
        .Set("target", e.target)
        .Set("outcome", field("outcome"))
        .Set("actor", field("actor"))
        .Set("payload", e.payload);
  }
  reply.Root().Set("next", events.empty() ? (paged ? after : log.LastSealed()) : events.back().seq);
  return reply;
}

}  // namespace

void RegisterWebhookFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("webhook",                  AccessLevel::kReseller, Effect::kReads,   ListWebhooks);
  registry.Add("webhook.edit",             AccessLevel::kReseller, Effect::kSubmits, EditWebhook);
  registry.Add("webhook.delete",           AccessLevel::kReseller, Effect::kChanges, DeleteWebhooks);
  registry.Add("webhook.rotate",           AccessLevel::kReseller, Effect::kSubmits, RotateSecret);
  registry.Add("webhook.delivery",         AccessLevel::kReseller, Effect::kReads,   ListDeliveries);
  registry.Add("webhook.delivery.resend",  AccessLevel::kReseller, Effect::kChanges, ResendDeliveries);
  registry.Add("event",                    AccessLevel::kReseller, Effect::kReads,   ListEvents);
  // clang-format on
  registry.SetGroup("webhook", "audit");
  registry.SetGroup("event", "audit");
  // The replies carry a secret: a replayed create or rotation would hand it out again.
  registry.NeverReplay("webhook.edit");
  registry.NeverReplay("webhook.rotate");
}

}  // namespace resellermgr::webhook
