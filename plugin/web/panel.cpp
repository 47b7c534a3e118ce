#include "web/panel.h"

#include <algorithm>
#include <sstream>
#include <string_view>
#include <vector>

#include "account/account_store.h"
#include "account/preview_functions.h"
#include "base/text.h"
#include "core/deps.h"
#include "util/password_quality.h"
#include "web/panel_page.h"

namespace resellermgr::web {
namespace {

using core::Reply;
using core::Request;
using core::Response;

// Relative to the panel's own URL, so /ispmgr, / and /manager/ispmgr all work behind nginx.
constexpr char kPanelUrl[] = "ispmgr";

bool IsSwitch(std::string_view func) {
  return func == "su" || func == "reseller.su" || func == "user.su" || func == "su.back";
}

std::string FuncUrl(std::string_view func) {
  return std::string(kPanelUrl) + "?func=" + base::PercentEncode(func);
}

Response Redirect(const std::string& location, const Reply* reply = nullptr) {
  Response response;
  response.status = "303 See Other";
  response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  response.headers.emplace_back("Location", location);
  AddSecurityHeaders(response);
  if (reply != nullptr) {
    for (const auto& header : reply->headers()) response.headers.push_back(header);  // Set-Cookie
  }
  return response;
}

pugi::xml_node ErrorOf(const Reply& reply) { return reply.doc_node().child("error"); }

bool IsErrorOf(const Reply& reply, std::string_view type, std::string_view object) {
  pugi::xml_node error = ErrorOf(reply);
  return error && type == error.attribute("type").value() &&
         (object.empty() || object == error.attribute("object").value());
}

// A copy of `request` that runs `func` with the same caller and parameters.
Request Derived(const Request& request, std::string_view func) {
  Request derived = request;
  derived.Set("func", std::string(func));
  return derived;
}

}  // namespace

Response Panel::Handle(Request& request, const Deps& deps,
                       const core::Dispatcher& dispatcher) const {
  const std::string func(request.func());
  const bool submitting = request.Submitted();

  if (func.empty()) {  // the front door: who is this?
    Request who = Derived(request, "whoami");
    Reply reply = dispatcher.Execute(who, deps);
    if (reply.IsError()) {
      // A first visit is no error; an expired session is worth saying.
      pugi::xml_node error;
      if (!IsErrorOf(reply, "auth", "unauthorized")) error = ErrorOf(reply);
      return Show(who, deps, dispatcher, {Kind::kLogin, "auth", nullptr, error});
    }
    if (who.caller().must_change_password) return Redirect(FuncUrl("usrparam"));
    if (who.caller().must_enrol_totp) return Redirect(FuncUrl("totp.setup"));
    // The home page is the dashboard (what the caller's accounts come to), above the menu's cards.
    Request board = Derived(request, "dashboard");
    Reply overview = dispatcher.Execute(board, deps, who.caller());
    if (overview.IsError()) return Show(who, deps, dispatcher, {Kind::kHome, "desktop", &reply});
    return Show(board, deps, dispatcher, {Kind::kHome, "dashboard", &overview});
  }

  if (submitting) {
    NormalizeCheckboxes(request);
    ApplyChosenTemplate(request);
  }
  // "Generate" beside a new password posts the form back (so it works without script): the same
  // form again, a new password in both fields and shown once to copy; nothing is changed.
  if (submitting && request.Flag("generate") &&
      metadata_.Find(func).select_node("form//field[@name='passwd']")) {
    const std::string password = util::GeneratePassword();
    return PostedBack(request, "generate", deps, dispatcher,
                      {{"passwd", password}, {"confirm", password}},
                      {"generated_password", password});
  }
  // "Preview" on a form that has one (form preview="yes") posts it back the same way: the form
  // again with what was typed, and what it would give; nothing is saved.
  if (submitting && request.Flag("show_preview") &&
      metadata_.Find(func).select_node("form[@preview='yes']"))
    return PostedBack(request, "show_preview", deps, dispatcher, {}, {});
  pugi::xml_node button = metadata_.ToolButton(func);
  if (button && std::string_view(button.attribute("confirm").value()) == "yes" && !submitting &&
      !request.GetOr("elid", "").empty()) {
    // The confirmation shows what the action will reach: the targets' rows of their list (a
    // reseller's users). When a target is not there, the action itself says so.
    Request rows = Derived(request, metadata_.ListOf(func));
    rows.Set("p_cnt", "1000");
    Reply targets = dispatcher.Execute(rows, deps);
    if (targets.IsError() && IsErrorOf(targets, "auth", ""))
      return AfterError(rows, deps, dispatcher, std::move(targets));
    // A list that takes elid (reseller, user) returns just the targets it found; one that does
    // not returns rows besides them, and shows nothing about them.
    const std::vector<std::string> names = base::SplitNames(request.GetOr("elid", ""));
    std::size_t rows_total = 0;
    std::size_t rows_named = 0;
    for (pugi::xml_node row : targets.doc_node().children("elem")) {
      ++rows_total;
      rows_named += std::find(names.begin(), names.end(), row.child_value("name")) != names.end();
    }
    const bool filtered = !targets.IsError() && rows_named == rows_total;
    // A change that reaches further than its targets says how far (toolbtn preview="yes"):
    // the rows preview=on answers, read for the caller the list identified.
    if (filtered && rows_named == names.size() &&
        std::string_view(button.attribute("preview").value()) == "yes") {
      Request previewed = request;
      previewed.set_caller(rows.caller());
      const int level = func.starts_with("user.") ? tenancy::kUserLevel : tenancy::kResellerLevel;
      const Reply preview = account::PreviewCascade(deps, previewed, level);
      pugi::xml_node reach = targets.doc_node().append_child("reach");
      for (pugi::xml_node row : preview.doc_node().children("elem")) reach.append_copy(row);
    }
    if (!filtered || rows_named == names.size()) {
      Request asked = request;
      asked.set_caller(rows.caller());
      return Show(asked, deps, dispatcher, {Kind::kConfirm, func, filtered ? &targets : nullptr});
    }
  }

  Reply reply = dispatcher.Execute(request, deps);
  // "Log in as" an account that asks for a reason (issue 25): its confirmation page, with the
  // reason to give (the su buttons say reason="yes"), instead of an error.
  if (reply.IsError() && IsSwitch(func) && !submitting && IsErrorOf(reply, "value", "reason"))
    return Show(request, deps, dispatcher, {Kind::kConfirm, func, nullptr});
  if (reply.IsError()) return AfterError(request, deps, dispatcher, std::move(reply));
  if (reply.attachment() != nullptr) return core::FileResponse(reply);
  if (func == "auth" || IsSwitch(func) ||
      (func == "session.delete" && request.GetOr("elid", "").empty()))  // logout
    return Redirect(kPanelUrl, &reply);

  const std::string_view type = metadata_.Find(func).attribute("type").value();
  if (type == "list") return Show(request, deps, dispatcher, {Kind::kList, func, &reply});
  if (type == "form" && !submitting)
    return Show(request, deps, dispatcher, {Kind::kForm, func, &reply});
  // A link a function hands out into another system (backup.manage: the address is the
  // configuration's, with a one-time key) is followed.
  if (reply.doc_node().child("ok") && reply.doc_node().child("location"))
    return Redirect(reply.doc_node().child_value("location"));
  // A reply with a secret shown only once (a new token, recovery codes) is the page itself:
  // a redirect would lose it.
  if (reply.doc_node().child("ok") && reply.doc_node().child("once"))
    return Show(request, deps, dispatcher, {Kind::kData, func, &reply});
  if (reply.doc_node().child("ok")) {
    std::string url = AfterSuccess(request);
    if (std::string notice = NoticeQuery(request, reply); !notice.empty())
      url += (url.find('?') == std::string::npos ? "?" : "&") + notice.substr(1);
    return Redirect(url, &reply);
  }
  return Show(request, deps, dispatcher, {Kind::kData, func, &reply});
}

Response Panel::PostedBack(const Request& request, std::string_view button, const Deps& deps,
                           const core::Dispatcher& dispatcher,
                           const std::vector<std::pair<std::string, std::string>>& set,
                           const std::pair<std::string, std::string>& shown) const {
  Request again = request;
  again.Erase("sok");
  again.Erase(button);
  for (const auto& [name, value] : set) again.Set(name, value);
  Reply form = dispatcher.Execute(again, deps);
  if (form.IsError()) return AfterError(again, deps, dispatcher, std::move(form));
  if (!shown.first.empty()) form.Root().Set(shown.first, shown.second);
  return Show(again, deps, dispatcher,
              {Kind::kForm, std::string(request.func()), &form, {}, &again});
}

Response Panel::AfterError(Request& request, const Deps& deps, const core::Dispatcher& dispatcher,
                           Reply failed) const {
  const std::string func(request.func());
  const core::Caller caller = request.caller();
  if (IsErrorOf(failed, "auth", "") || func == "auth") {
    return Show(request, deps, dispatcher, {Kind::kLogin, "auth", nullptr, ErrorOf(failed)});
  }
  if (IsErrorOf(failed, "access", "password_change")) return Redirect(FuncUrl("usrparam"));
  if (IsErrorOf(failed, "access", "totp_enrol")) return Redirect(FuncUrl("totp.setup"));
  // A rejected form: the form again, with what was typed and the error beside its field (the
  // forms of someone not logged in, a forgotten password's, too).
  const bool submitting = request.Submitted();
  const bool form = std::string_view(metadata_.Find(func).attribute("type").value()) == "form";
  if (!caller.authenticated() && !(submitting && form))
    return Show(request, deps, dispatcher, {Kind::kError, func, nullptr, ErrorOf(failed)});
  if (submitting && form) {
    Request again = request;
    again.Erase("sok");
    Reply form = dispatcher.Execute(again, deps, caller);
    if (!form.IsError()) {
      // Every field the form's declaration refuses, not only the first: each beside its field.
      pugi::xml_document others;
      pugi::xml_node all = others.append_child("errors");
      const std::string lang(request.lang(caller.lang));
      for (const base::PluginError& e : metadata_.FormErrors(func, request)) {
        if (e.object() == ErrorOf(failed).attribute("object").value()) continue;
        all.append_copy(Reply::Error(e, messages_, lang, func).doc_node().child("error"));
      }
      Page page(Kind::kForm, func, &form, ErrorOf(failed), &request);
      page.more_errors = all;
      return Show(again, deps, dispatcher, page);
    }
  }
  // A rejected list action: the list, with the error above it, in the words of the list's page:
  // what to select or tick rather than which parameter was wrong.
  if (const std::string list = metadata_.ListOf(func); !list.empty() && list != func) {
    const std::string lang(request.lang(caller.lang));
    const auto explain = [&](const char* message) {
      std::optional<std::string> text = messages_.Find(lang, list, message);
      if (!text) text = messages_.Find(lang, "ui", message);
      if (!text) return;
      const std::string said = base::ReplaceAll(
          *text, "__value__",
          ErrorOf(failed).find_child_by_attribute("param", "name", "value").child_value());
      ErrorOf(failed).child("msg").text().set(said.c_str());
      ErrorOf(failed).child("detail").text().set(said.c_str());
    };
    if (IsErrorOf(failed, "value", "elid") && request.GetOr("elid", "").empty())
      explain("select_first");
    if (IsErrorOf(failed, "exists", "users")) explain("has_users");
    Request shown = Derived(request, list);
    shown.Erase("elid");
    shown.Erase("sok");
    Reply rows = dispatcher.Execute(shown, deps, caller);
    if (!rows.IsError())
      return Show(shown, deps, dispatcher, {Kind::kList, list, &rows, ErrorOf(failed)});
  }
  return Show(request, deps, dispatcher, {Kind::kError, func, nullptr, ErrorOf(failed)});
}

// A form submitted with a template chosen: without the script (which fills the limit fields
// from the template and says so with preset_applied), an empty limit field or an unticked limit
// beside the template takes the template's value, so the function is called without it.
void Panel::ApplyChosenTemplate(Request& request) const {
  const bool applied = request.Has("preset_applied");
  request.Erase("preset_applied");
  if (applied || request.GetOr("preset", "").empty()) return;
  std::vector<std::string> blanks;
  for (const auto& [name, value] : request.params()) {
    if (name.starts_with("limit_") && (value.empty() || value == "off")) blanks.push_back(name);
  }
  for (const std::string& name : blanks) request.Erase(name);
}

// Where a successful change goes: the list that offers it, or the main page.
std::string Panel::AfterSuccess(const Request& request) const {
  const std::string func(request.func());
  if (func == "ticket.edit")
    return FuncUrl("ticket.edit") + "&elid=" + base::PercentEncode(request.GetOr("elid", ""));
  if (func == "totp.setup") return FuncUrl("totp.confirm");  // the new secret, to confirm
  // A nested list's row changed (its metadata says nested="yes"): back to that list of the same
  // parent, which names it as elid.
  if (const std::string_view plid = request.GetOr("plid", ""); !plid.empty()) {
    const std::string list = metadata_.ListOf(func);
    if (std::string_view(metadata_.Find(list).attribute("nested").value()) == "yes")
      return FuncUrl(list) + "&elid=" + base::PercentEncode(plid);
  }
  std::string list = metadata_.ListOf(func);
  if (list.empty()) {  // user.add.finish, reseller.filter, ...: the list named by the prefix
    const std::string prefix = func.substr(0, func.find('.'));
    if (std::string_view(metadata_.Find(prefix).attribute("type").value()) == "list") list = prefix;
  }
  return list.empty() ? std::string(kPanelUrl) : FuncUrl(list);
}

// A form sends each checkbox as a hidden "off" followed, when ticked, by "on" (so that an
// unticked box is sent at all); the parameter parser joins them as "off, on".
// The confirmation page's options (toolbtn options="cascade permanent") are sent the same way.
void Panel::NormalizeCheckboxes(Request& request) const {
  std::vector<std::string> names;
  for (pugi::xpath_node input :
       metadata_.Find(request.func()).select_nodes("form//field/input[@type='checkbox']")) {
    names.emplace_back(input.node().attribute("name").value());
  }
  std::istringstream options(metadata_.ToolButton(request.func()).attribute("options").value());
  for (std::string option; options >> option;) names.push_back(option);
  for (const std::string& name : names) {
    std::optional<std::string_view> value = request.Get(name);
    if (value && value->find(',') != std::string_view::npos)
      request.Set(name, value->ends_with("on") ? "on" : "off");
  }
}

}  // namespace resellermgr::web
