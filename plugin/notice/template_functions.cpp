// mail.template, mail.template.edit, mail.template.preview, mail.template.reset: the wording of
// every mail the product sends, per language (issue 27 item 1). The admin words them for the
// whole installation; a reseller whose branding the admin allows words the mails its own clients
// get (a client of a branded reseller reads that reseller's wording, else the admin's, else the
// shipped one). A wording is checked when it is saved (mail/template.h): a placeholder the mail
// does not have, or a stray "__", is refused with its line and column.

#include "notice/template_functions.h"

#include "audit/audit_log.h"
#include "base/config.h"
#include "base/errors.h"
#include "base/text.h"
#include "brand/brand_store.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "mail/mail.h"
#include "mail/template.h"

namespace resellermgr::notice {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr const char* kLangs[] = {"en", "ru"};
constexpr std::size_t kMaxSubject = 255;  // characters
constexpr std::size_t kMaxBody = 20000;   // bytes

// Whose wordings the caller edits: the installation's (0) for the admin, its own for a reseller.
long long OwnerOf(const Request& request) {
  const core::Caller& caller = request.caller();
  return caller.admin() ? 0 : caller.account_id;
}

// A reseller words its clients' mails only while the admin allows its branding.
void RequireBranding(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  if (caller.admin()) return;
  const std::optional<brand::Brand> brand =
      deps.Get<brand::BrandStore>().ForPath(caller.account_path);
  if (!brand || brand->account_id != caller.account_id) {
    throw PluginError(ErrorKind::kAccessDenied, "brand", caller.account,
                      "your clients' mails are worded by you once the admin allows your branding");
  }
}

// The kinds the caller may word: every one for the admin, those that go to clients for a reseller.
bool MayWord(const Request& request, const mail::KindSpec& spec) {
  return request.caller().admin() || spec.for_clients;
}

struct Target {
  const mail::KindSpec* spec;
  std::string lang;
  std::string id() const { return std::string(spec->kind) + ":" + lang; }
};

// "account.welcome:en" -> the kind and the language; anything else reads as unknown.
Target TargetOf(const Request& request, std::string_view elid) {
  const std::size_t colon = elid.rfind(':');
  const mail::KindSpec* spec =
      colon == std::string_view::npos ? nullptr : mail::FindKind(elid.substr(0, colon));
  const std::string lang(colon == std::string_view::npos ? "" : elid.substr(colon + 1));
  if (spec == nullptr || (lang != "en" && lang != "ru") || !MayWord(request, *spec))
    throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(elid, 80));
  return {spec, lang};
}

// What the caller's clients (or, for the admin, everyone) get now when nothing is saved by the
// caller itself: the admin's wording for a reseller, the shipped one for the admin.
mail::Wording Above(const Deps& deps, const Request& request, const Target& target) {
  const mail::Composer& composer = deps.Get<mail::Composer>();
  return OwnerOf(request) == 0 ? composer.Shipped(target.spec->kind, target.lang)
                               : composer.WordingFor(0, target.spec->kind, target.lang);
}

mail::Wording Current(const Deps& deps, const Request& request, const Target& target) {
  if (std::optional<mail::StoredWording> own = deps.Get<mail::MySqlMailTemplates>().Own(
          OwnerOf(request), target.spec->kind, target.lang))
    return own->wording;
  return Above(deps, request, target);
}

// Values that show what each placeholder becomes, for a preview.
std::map<std::string, std::string> Samples(const Deps& deps, const Request& request) {
  const std::optional<brand::Brand> brand =
      deps.Get<brand::BrandStore>().ForPath(request.caller().account_path);
  const std::string panel =
      deps.Get<mail::Composer>().PanelUrl({"", "", "", brand ? brand->domain : std::string(), 0});
  return {{"name", "client1"},
          {"login", "client1"},
          {"company", "Example Ltd"},
          {"link", panel + "?func=password.reset.finish&token=0123456789abcdef"},
          {"days", "7"},
          {"reason", "Unpaid invoice"},
          {"id", "1024"},
          {"subject", "My site does not open"},
          {"author", "support"},
          {"text", "Hello,\nthe site works again.\n"},
          {"day", "2026-12-06"},
          {"amount", "10.00"},
          {"currency", deps.config.currency},
          {"grace_days", "3"},
          {"client", "client1"},
          {"service", "SSL certificate"},
          {"message", "Please switch it on."},
          {"brand", brand ? brand->name : std::string("resellermgr")},
          {"panel", panel}};
}

// Checks a wording for `target`'s kind; throws the first problem, with its position.
void Check(const Target& target, const mail::Wording& wording) {
  const std::vector<std::string> allowed = mail::PlaceholdersOf(*target.spec);
  if (wording.subject.empty())
    throw PluginError(ErrorKind::kInvalidValue, "subject", "", "a subject is required");
  if (base::Utf8Length(wording.subject) > kMaxSubject)
    throw PluginError(ErrorKind::kInvalidValue, "subject", "", "at most 255 characters");
  if (wording.subject.find_first_of("\r\n") != std::string::npos)
    throw PluginError(ErrorKind::kInvalidValue, "subject", "", "a subject is one line");
  if (std::optional<mail::TemplateError> error = mail::Template::Check(wording.subject, allowed))
    throw PluginError(ErrorKind::kInvalidValue, "subject", "", error->Where());
  if (wording.body.empty())
    throw PluginError(ErrorKind::kInvalidValue, "body", "", "the mail needs a text");
  if (wording.body.size() > kMaxBody)
    throw PluginError(ErrorKind::kInvalidValue, "body", "", "at most 20000 bytes");
  if (std::optional<mail::TemplateError> error =
          mail::Template::Check(wording.body, allowed, target.spec->required))
    throw PluginError(ErrorKind::kInvalidValue, "body", "", error->Where());
}

// The wording a form or preview is about: what was sent, else what applies now.
mail::Wording Given(const Deps& deps, const Request& request, const Target& target) {
  mail::Wording wording = Current(deps, request, target);
  if (request.Has("subject")) wording.subject = request.GetOr("subject", "");
  if (request.Has("body")) {
    // A browser's textarea sends CRLF; a mail's lines are LF until it is sent.
    wording.body = base::ReplaceAll(std::string(request.GetOr("body", "")), "\r\n", "\n");
  }
  return wording;
}

std::string Placeholders(const mail::KindSpec& spec) {
  std::string list;
  for (const std::string& name : mail::PlaceholdersOf(spec))
    list += (list.empty() ? "__" : ", __") + name + "__";
  return list;
}

Reply ListTemplates(const Deps& deps, const Request& request) {
  const long long owner = OwnerOf(request);
  std::map<std::string, mail::StoredWording> own;
  for (mail::StoredWording& row : deps.Get<mail::MySqlMailTemplates>().List(owner))
    own.emplace(row.kind + ":" + row.lang, std::move(row));
  std::map<std::string, mail::StoredWording> admins;
  if (owner != 0) {
    for (mail::StoredWording& row : deps.Get<mail::MySqlMailTemplates>().List(0))
      admins.emplace(row.kind + ":" + row.lang, std::move(row));
  }
  Reply reply;
  for (const mail::KindSpec& spec : mail::Kinds()) {
    if (!MayWord(request, spec)) continue;
    for (const char* lang : kLangs) {
      const Target target{&spec, lang};
      const auto mine = own.find(target.id());
      const char* state = mine != own.end()                          ? "own"
                          : admins.find(target.id()) != admins.end() ? "admin"
                                                                     : "default";
      const mail::Wording wording =
          mine != own.end() ? mine->second.wording : Above(deps, request, target);
      reply.AddRow()
          .Set("id", target.id())
          .Set("kind", spec.kind)
          .Set("lang", lang)
          .Set("subject", wording.subject)
          .Set("state", state)
          .Set("updated", mine != own.end() ? mine->second.updated_at : "");
    }
  }
  return reply;
}

Reply ShowTemplate(const Deps& deps, const Request& request, const Target& target) {
  const mail::Wording wording = Given(deps, request, target);
  Reply reply;
  core::Element root = reply.Root();
  root.Set("elid", target.id())
      .Set("kind", target.spec->kind)
      .Set("lang", target.lang)
      .Set("placeholders", Placeholders(*target.spec))
      .Set("subject", wording.subject)
      .Set("body", wording.body);
  // What the mail would say, with made-up values; a wording that would be refused says why.
  try {
    Check(target, wording);
    const mail::Mail mail =
        mail::Composer::Fill(target.spec->kind, wording, Samples(deps, request));
    root.Set("preview_subject", mail.subject).Set("preview_body", mail.body);
  } catch (const PluginError& e) {
    root.Set("preview_error", e.object() + ": " + e.detail());
  }
  return reply;
}

Reply EditTemplate(const Deps& deps, const Request& request) {
  const Target target = TargetOf(request, request.Require("elid"));
  if (!request.Submitted()) return ShowTemplate(deps, request, target);
  RequireBranding(deps, request);
  const mail::Wording before = Current(deps, request, target);
  const mail::Wording wording = Given(deps, request, target);
  Check(target, wording);
  deps.Get<mail::MySqlMailTemplates>().Put(OwnerOf(request), target.spec->kind, target.lang,
                                           wording, request.caller().login);
  std::vector<changes::FieldChange> fields;
  if (before.subject != wording.subject)
    fields.push_back({"subject", before.subject, wording.subject});
  if (before.body != wording.body) fields.push_back({"body", "", "(changed)"});
  deps.changes.Record(request,
                      {"mail.template:" + target.id(), "changed", audit::RedactedParams(request),
                       "mail.template.changed", std::move(fields)});
  return Reply::Ok();
}

// The mail as it would go out, with made-up values, for the wording sent (subject, body) or the
// one that applies now; a wording that would be refused is refused here the same way.
Reply PreviewTemplate(const Deps& deps, const Request& request) {
  const Target target = TargetOf(request, request.Require("elid"));
  const mail::Wording wording = Given(deps, request, target);
  Check(target, wording);
  const mail::Mail mail = mail::Composer::Fill(target.spec->kind, wording, Samples(deps, request));
  Reply reply;
  reply.Root().Set("subject", mail.subject).Set("body", mail.body);
  return reply;
}

// Back to the wording above (the admin's, or the shipped one), all named or none.
Reply ResetTemplates(const Deps& deps, const Request& request) {
  std::vector<Target> targets;
  for (const std::string& elid : request.RequireNameList("elid"))
    targets.push_back(TargetOf(request, elid));
  for (const Target& target : targets) {
    if (deps.Get<mail::MySqlMailTemplates>().Remove(OwnerOf(request), target.spec->kind,
                                                    target.lang)) {
      deps.changes.Record(request, {"mail.template:" + target.id(),
                                    "reset",
                                    audit::RedactedParams(request),
                                    "mail.template.reset",
                                    {}});
    }
  }
  return Reply::Ok();
}

}  // namespace

void RegisterTemplateFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("mail.template",         AccessLevel::kReseller, Effect::kReads,   ListTemplates);
  registry.Add("mail.template.edit",    AccessLevel::kReseller, Effect::kSubmits, EditTemplate);
  registry.Add("mail.template.preview", AccessLevel::kReseller, Effect::kReads,   PreviewTemplate);
  registry.Add("mail.template.reset",   AccessLevel::kReseller, Effect::kChanges, ResetTemplates);
  // clang-format on
  registry.SetGroup("mail.template", "resellers");
}

}  // namespace resellermgr::notice
