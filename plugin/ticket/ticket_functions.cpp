#include "ticket/ticket_functions.h"

#include <algorithm>
#include <limits>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "contacts/contacts.h"
#include "core/deps.h"
#include "identity/login_store.h"
#include "mail/mail.h"
#include "ticket/attachment_check.h"
#include "ticket/ticket_store.h"

namespace resellermgr::ticket {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr const char* kPriorities[] = {"high", "medium", "low"};

Viewer ViewerOf(const Request& request) {
  const core::Caller& caller = request.caller();
  return {caller.account_id, caller.admin(), caller.account_path};
}

// Lengths are checked from the form metadata before the handler runs.
std::string Text(const Request& request, const char* field, bool required) {
  return std::string(required ? std::string_view(request.Require(field))
                              : request.GetOr(field, ""));
}

void AddPrioritySelect(core::Element doc) {
  core::Element select = doc.Add("slist").Attr("name", "priority");
  for (const char* priority : kPriorities) select.Add("msg").Attr("key", priority).Text(priority);
}

// reseller.message: without sok the form, with sok a ticket in each named reseller's center.
// A new ticket's fields (reseller.message, user.message, ticket.new).
struct NewMessage {
  std::string subject, priority, category, text;
  std::optional<NewAttachment> attachment;
};

// The file uploaded as `attachment`, checked from its bytes (ticket/attachment_check.h).
std::optional<NewAttachment> ReadAttachment(const Request& request) {
  const core::UploadedFile* file = request.File("attachment");
  if (file == nullptr || (file->data.empty() && file->filename.empty())) return std::nullopt;
  AttachmentVerdict verdict = CheckAttachment(file->filename, file->content_type, file->data);
  if (!verdict.ok) {
    throw PluginError(ErrorKind::kInvalidValue, "attachment", base::Utf8Prefix(file->filename, 64),
                      verdict.problem);
  }
  return NewAttachment{verdict.ok->filename, verdict.ok->content_type, file->data};
}

NewMessage ReadNewMessage(const Request& request) {
  NewMessage m{Text(request, "subject", true), std::string(request.GetOr("priority", "medium")),
               Text(request, "category", false), Text(request, "text", true),
               ReadAttachment(request)};
  if (std::find(std::begin(kPriorities), std::end(kPriorities), m.priority) ==
      std::end(kPriorities)) {
    throw PluginError(ErrorKind::kInvalidValue, "priority", m.priority);
  }
  return m;
}

// The empty form of a new ticket, elid (when given) kept.
Reply NewMessageForm(std::optional<std::string_view> elid = std::nullopt) {
  Reply reply;
  core::Element doc = reply.Root();
  if (elid) doc.Set("elid", *elid);
  doc.Set("subject", "").Set("priority", "medium").Set("category", "").Set("text", "");
  AddPrioritySelect(doc);
  return reply;
}

// Ticket `id`'s new message, mailed to `to` in its language and under the brand it knows; in the
// change's transaction, sent after commit.
long long MailMessage(const Deps& deps, const contacts::Contact& to, long long id,
                      const std::string& subject, const std::string& author,
                      const std::string& text) {
  return deps.mail.Enqueue(deps.Get<mail::Composer>().ComposeTo(
      to, "ticket.answered",
      {{"id", std::to_string(id)}, {"subject", subject}, {"author", author}, {"text", text}}));
}

// reseller.message / user.message: a ticket per named account below the caller (resellers, or
// users), at that account's centre, from the caller.
Reply MessageAccounts(const Deps& deps, const Request& request, int level) {
  const core::Caller& caller = request.caller();
  const tenancy::Scope scope = tenancy::Scope::Of(caller);
  if (!request.Submitted()) {
    std::optional<std::string_view> elid = request.Get("elid");
    if (elid && elid->empty()) elid.reset();
    if (elid) {
      for (const std::string& name : request.RequireNameList("elid")) {
        if (!deps.Get<account::Directory>().Find(scope, level, name))
          throw PluginError(ErrorKind::kNotFound,
                            level == core::kResellerLevel ? "reseller" : "user", name);
      }
    }
    return NewMessageForm(elid);
  }
  const std::vector<std::string> names = request.RequireNameList("elid");
  // Names first: one that is not below the caller reads as unknown, whatever else is wrong.
  for (const std::string& name : names) {
    if (!deps.Get<account::Directory>().Find(scope, level, name))
      throw PluginError(ErrorKind::kNotFound, "elid", name);
  }
  const NewMessage m = ReadNewMessage(request);

  Reply reply = Reply::Ok();
  for (const std::string& name : names) {
    std::optional<account::Account> target =
        deps.Get<account::Directory>().Find(scope, level, name);
    if (!target) throw PluginError(ErrorKind::kNotFound, "elid", name);
    const long long id =
        Tell(deps, {target->id, caller.account_id, m.subject, m.priority, m.category, m.text,
                    caller.login, caller.account, m.attachment})
            .ticket_id;
    deps.changes.Record(request,
                        {name, "ticket " + std::to_string(id), "", "ticket.opened", {}, name});
    reply.Root().Set("id", id);
  }
  return reply;
}

// One of `allowed`, or "" for any; anything else is refused.
template <std::size_t N>
std::string Choice(const Request& request, const char* field, const char* const (&allowed)[N]) {
  const std::string value(request.GetOr(field, ""));
  if (value.empty() || value == "all") return "";
  if (std::find(std::begin(allowed), std::end(allowed), value) == std::end(allowed))
    throw PluginError(ErrorKind::kInvalidValue, field, base::Utf8Prefix(value, 32));
  return value;
}

constexpr const char* kStatuses[] = {"open", "answered", "closed"};

// Who a ticket is from: the login that opened it, and its account when that is another name.
std::string FromOf(const Ticket& t) {
  if (t.opened_by.empty() || t.opened_by == t.author) return t.author;
  return t.opened_by + " (" + t.author + ")";
}

// ticket: the caller's conversations (addressed to it or written by it); all=on adds every
// centre's below it, for overseeing them. Filters: status, priority, assignee (a login's name,
// or "me").
Reply ListTickets(const Deps& deps, const Request& request) {
  TicketFilter filter{Choice(request, "status", kStatuses),
                      Choice(request, "priority", kPriorities),
                      std::string(request.GetOr("assignee", ""))};
  if (filter.assignee == "me") filter.assignee = request.caller().login;
  Reply reply;
  for (const Ticket& t :
       deps.Get<TicketStore>().List(ViewerOf(request), request.Flag("all"), filter)) {
    reply.AddRow()
        .Set("id", t.id)
        .Set("subject", t.subject)
        .Set("priority", t.priority)
        .Set("category", t.category)
        .Set("status", t.status)
        .Set("account", t.center)
        .Set("author", t.author)
        .Set("from", FromOf(t))
        .Set("assignee", t.assignee)
        .Set("waiting_since", t.waiting_since)
        .Set("updated", t.updated_at);
  }
  return reply;
}

// The ticket's number from elid; PluginError(kInvalidValue, "elid") when missing or malformed.
long long TicketId(const Request& request) {
  const long long id = request.GetInt("elid", 0, 1, std::numeric_limits<long long>::max());
  if (id == 0) throw PluginError(ErrorKind::kInvalidValue, "elid", "", "required field is empty");
  return id;
}

Reply MessageResellers(const Deps& deps, const Request& request) {
  return MessageAccounts(deps, request, core::kResellerLevel);
}
Reply MessageUsers(const Deps& deps, const Request& request) {
  return MessageAccounts(deps, request, core::kUserLevel);
}

// ticket.new: the caller opens a ticket to its provider: a user's goes where its provider's
// vendor settings route it (the provider, or the host), a reseller's to its parent. The support
// address is mailed.
Reply OpenTicket(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  if (!request.Submitted()) return NewMessageForm();
  const NewMessage m = ReadNewMessage(request);
  std::optional<account::Account> self = deps.Get<account::Directory>().Get(caller.account_id);
  if (!self || self->owner_id == 0)
    throw PluginError(ErrorKind::kInvalidValue, "elid", "", "the host has no provider above it");
  const long long center =
      caller.user() ? deps.Get<contacts::Contacts>().RouteFor(self->owner_id).center_account_id
                    : self->owner_id;
  const long long id =
      deps.Get<TicketStore>().Open({center, caller.account_id, m.subject, m.priority, m.category,
                                    m.text, caller.login, caller.account, m.attachment});
  deps.changes.Record(request, {"ticket " + std::to_string(id), "opened", "", "ticket.opened", {}});
  MailMessage(deps, deps.Get<contacts::Contacts>().ContactOf(center, true), id, m.subject,
              caller.login, m.text);
  Reply reply = Reply::Ok();
  reply.Root().Set("id", id);
  return reply;
}

// A new message in a ticket is mailed to the other side: the support centre's answer to the
// account that opened it, anything else to the centre's support address. In the recipient's
// language and under the brand it knows; in the change's transaction, sent after commit.
void NotifyOtherSide(const Deps& deps, const Ticket& t, const core::Caller& caller,
                     const std::string& text) {
  const bool from_centre = caller.account_id == t.center_account_id;
  MailMessage(deps,
              deps.Get<contacts::Contacts>().ContactOf(
                  from_centre ? t.author_account_id : t.center_account_id, !from_centre),
              t.id, t.subject, caller.login, text);
}

// ticket.edit: without sok the thread; with sok (and text) an answer, or with internal=on a note
// only the centre's side reads (it changes no status and mails nobody). Either may carry an
// attachment.
Reply EditTicket(const Deps& deps, const Request& request) {
  const long long id = TicketId(request);
  if (!request.Submitted()) {
    std::optional<Ticket> t = deps.Get<TicketStore>().Find(ViewerOf(request), id);
    if (!t) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
    Reply reply;
    core::Element doc = reply.Root();
    doc.Set("elid", t->id).Set("subject", t->subject).Set("priority", t->priority);
    doc.Set("category", t->category).Set("status", t->status).Set("account", t->center);
    doc.Set("from", FromOf(*t)).Set("assignee", t->assignee).Set("waiting_since", t->waiting_since);
    for (const Message& m : t->messages) {
      core::Element message = doc.Add("message");
      message.Set("author", m.author_login)
          .Set("as", m.author_account)
          .Set("time", m.at)
          .Set("text", m.body);
      if (m.internal) message.Set("internal", "on");
      for (const AttachmentInfo& a : m.attachments) {
        message.Add("attachment")
            .Attr("id", a.id)
            .Attr("type", a.content_type)
            .Attr("size", a.size)
            .Text(a.filename);
      }
    }
    doc.Set("text", "");
    if (t->answers) doc.Set("internal", "off");  // the note checkbox, for the centre's side
    return reply;
  }
  const core::Caller& caller = request.caller();
  const std::string text = Text(request, "text", true);
  const bool internal = request.Flag("internal");
  const Ticket ticket = deps.Get<TicketStore>().Reply(
      ViewerOf(request), id, {caller.login, caller.account, text, "", internal, {}},
      ReadAttachment(request));
  deps.changes.Record(request, {"ticket " + std::to_string(id),
                                internal ? "noted" : "answered",
                                "",
                                internal ? "ticket.noted" : "ticket.answered",
                                {},
                                // A note stays the centre's own event; an answer is the author's.
                                internal ? std::string() : ticket.author});
  if (!internal) NotifyOtherSide(deps, ticket, caller, text);
  return Reply::Ok();
}

// ticket.assign: the form offers the centre's logins; with sok, `assignee` (a login's name, or
// empty to take it back).
Reply AssignTicket(const Deps& deps, const Request& request) {
  const long long id = TicketId(request);
  if (!request.Submitted()) {
    std::optional<Ticket> t = deps.Get<TicketStore>().Find(ViewerOf(request), id);
    if (!t) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
    if (!t->answers)
      throw PluginError(ErrorKind::kAccessDenied, "assignee", "", "the support side assigns");
    Reply reply;
    core::Element doc = reply.Root();
    doc.Set("elid", t->id).Set("assignee", t->assignee);
    core::Element select = doc.Add("slist").Attr("name", "assignee");
    select.Add("msg").Attr("key", "").Text("-");
    for (const identity::StaffLogin& login :
         deps.Get<identity::LoginStore>().List(t->center_account_id))
      select.Add("msg").Attr("key", login.name).Text(login.name);
    return reply;
  }
  const std::string assignee(request.GetOr("assignee", ""));
  deps.Get<TicketStore>().Assign(ViewerOf(request), id, assignee);
  deps.changes.Record(request, {"ticket " + std::to_string(id),
                                assignee.empty() ? "unassigned" : "assigned to " + assignee,
                                "",
                                "ticket.assigned",
                                {{"assignee", "", assignee}}});
  return Reply::Ok();
}

// ticket.attachment: a file of a ticket the caller sees (a note's only for the centre's side),
// always as a download, typed as its bytes were found to be when it was uploaded.
Reply DownloadAttachment(const Deps& deps, const Request& request) {
  const long long id = TicketId(request);
  std::optional<AttachmentFile> file = deps.Get<TicketStore>().Attachment(ViewerOf(request), id);
  if (!file) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
  Reply reply;
  reply.SetAttachment({file->content_type, file->filename, std::move(file->data), false});
  return reply;
}

Reply CloseTicket(const Deps& deps, const Request& request) {
  const long long id = TicketId(request);
  deps.Get<TicketStore>().Close(ViewerOf(request), id);
  deps.changes.Record(request, {"ticket " + std::to_string(id), "closed", "", "ticket.closed", {}});
  return Reply::Ok();
}

}  // namespace

Told Tell(const Deps& deps, const NewTicket& ticket) {
  const long long id = deps.Get<TicketStore>().Open(ticket);
  // The account is told, as an answer would tell it (issue 20).
  const long long mail_id =
      MailMessage(deps, deps.Get<contacts::Contacts>().ContactOf(ticket.center_account_id, false),
                  id, ticket.subject, ticket.author_login, ticket.body);
  return {id, mail_id};
}

void RegisterTicketFunctions(core::FunctionRegistry& registry) {
  // One row per function, read as a table.
  // clang-format off
  registry.Add("reseller.message", AccessLevel::kReseller, Effect::kSubmits, MessageResellers);
  registry.Add("user.message",     AccessLevel::kReseller, Effect::kSubmits, MessageUsers);
  registry.Add("ticket.new",       AccessLevel::kUser,     Effect::kSubmits, OpenTicket);
  registry.Add("ticket",           AccessLevel::kUser,  Effect::kReads,   ListTickets);
  registry.Add("ticket.edit",      AccessLevel::kUser,  Effect::kSubmits, EditTicket);
  registry.Add("ticket.close",     AccessLevel::kUser,  Effect::kChanges, CloseTicket);
  registry.Add("ticket.assign",    AccessLevel::kUser,  Effect::kSubmits, AssignTicket);
  registry.Add("ticket.attachment", AccessLevel::kUser, Effect::kReads,   DownloadAttachment);
  // clang-format on
}

// The home page's tickets: open ones the caller sees, and those waiting for its answer.
void TicketsTile(const Deps& deps, const core::Request& request, core::Element home) {
  const core::Caller& caller = request.caller();
  TicketStore& tickets = deps.Get<TicketStore>();
  long long open = 0;
  for (const Ticket& t : tickets.List({caller.account_id, caller.admin(), caller.account_path}))
    open += t.status != "closed";
  home.Add("tickets").Attr("open", open).Attr("waiting", tickets.Awaiting(caller.account_id));
}

}  // namespace resellermgr::ticket
