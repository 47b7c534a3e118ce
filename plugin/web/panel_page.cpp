// The panel's pages: Panel::Show builds one <page> document (the reply, the function's
// metadata and messages, the caller's menu and su chain, the CSRF token) and HtmlView renders it.

#include "web/panel_page.h"

#include <string_view>
#include <vector>

#include "account/account_store.h"
#include "auth/authenticator.h"
#include "base/text.h"
#include "brand/brand_store.h"
#include "core/deps.h"
#include "ticket/ticket_store.h"
#include "util/crypto.h"

namespace resellermgr::web {
namespace {

using core::Reply;
using core::Request;
using core::Response;

// Scripts, styles and images only from our own origin, no inline script, no framing; the script
// may call our own origin only (the password meter's func=password.strength).
constexpr char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

}  // namespace

void AddSecurityHeaders(core::Response& response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  response.headers.emplace_back("Referrer-Policy", "same-origin");
}

std::optional<std::string> KnownLoginToken(const core::Request& request) {
  std::optional<std::string_view> token = request.Cookie(auth::kLoginCookie);
  if (!token || token->size() < 32 || token->size() > 128 ||
      token->find_first_not_of("0123456789abcdef") != std::string_view::npos)
    return std::nullopt;
  return std::string(*token);
}

Response Panel::Show(const Request& request, const Deps& deps, const core::Dispatcher& dispatcher,
                     const Page& page) const {
  static constexpr const char* kKinds[] = {"login",   "home", "list", "form",
                                           "confirm", "data", "error"};
  const core::Caller& caller = request.caller();
  const std::string lang(request.lang(caller.lang));

  pugi::xml_document document;
  pugi::xml_node root = document.append_child("page");
  root.append_attribute("kind") = kKinds[static_cast<int>(page.kind)];
  root.append_attribute("func") = page.func.c_str();
  root.append_attribute("lang") = lang.c_str();
  root.append_attribute("list") = metadata_.ListOf(page.func).c_str();
  // The brand the page wears: once logged in, the caller's nearest branded reseller (never
  // another's, whatever domain it came through); before, the brand whose domain was asked for.
  // No brand is the host's own look.
  const std::optional<brand::Brand> brand =
      caller.authenticated() ? deps.Get<brand::BrandStore>().ForPath(caller.account_path)
                             : deps.Get<brand::BrandStore>().ForDomain(request.host());
  if (brand) {
    pugi::xml_node b = root.append_child("brand");
    b.append_attribute("name") = brand->name.c_str();
    b.append_attribute("key") = brand->public_key.c_str();
    if (brand->has_logo) b.append_attribute("logo") = "yes";
    if (brand->has_favicon) b.append_attribute("favicon") = "yes";
    if (!brand->primary_color.empty() || !brand->accent_color.empty())
      b.append_attribute("colours") = "yes";
  }

  if (caller.authenticated()) {
    pugi::xml_node session = root.append_child("session");
    session.append_attribute("login") = caller.login.c_str();
    session.append_attribute("account") = caller.account.c_str();
    session.append_attribute("level") = static_cast<int>(caller.level);
    session.append_attribute("csrf") = caller.csrf_token.c_str();
    if (caller.must_change_password) session.append_attribute("must_change_password") = "yes";
    if (!caller.su_stack.empty()) {  // whom the real login acts as, step by step
      pugi::xml_node chain = session.append_child("chain");
      chain.append_child("step").text().set(caller.login.c_str());
      for (std::string_view id : base::SplitList(caller.su_stack)) {
        if (std::optional<account::Account> step =
                deps.Get<account::Directory>().Get(std::stoll(std::string(id))))
          chain.append_child("step").text().set(step->name.c_str());
      }
    }
    pugi::xml_node menu = root.append_copy(metadata_.MainMenu(static_cast<int>(caller.level)));
    // Only what the caller may use (level, reseller.access): an item that would be refused is
    // not offered, and a group left empty goes too.
    // A reseller sees Resellers only when the admin lets it have sub-resellers.
    const bool resells = caller.admin() || (tenancy::Depth(caller.account_path) == 1 &&
                                            caller.level == core::AccessLevel::kReseller &&
                                            deps.Get<account::AccountStore>()
                                                .Get(caller.account_id)
                                                .value_or(account::Account{})
                                                .may_resell);
    for (pugi::xml_node group = menu.first_child(); group;) {
      for (pugi::xml_node item = group.first_child(); item;) {
        pugi::xml_node next = item.next_sibling();
        const std::string_view name = item.attribute("name").value();
        if (!dispatcher.MayCall(caller, name, deps) || (name == "reseller" && !resells))
          group.remove_child(item);
        item = next;
      }
      pugi::xml_node next = group.next_sibling();
      if (!group.first_child()) menu.remove_child(group);
      // Support says how many tickets wait for this account's answer.
      if (pugi::xml_node tickets = group.find_child_by_attribute("node", "name", "ticket")) {
        if (const long long waiting = deps.Get<ticket::TicketStore>().Awaiting(caller.account_id))
          tickets.append_attribute("count") = waiting;
      }
      group = next;
    }
    for (pugi::xml_node group : menu.children("node")) {
      group.append_attribute("title") =
          messages_.Find(lang, "desktop", group.attribute("name").value())
              .value_or(group.attribute("name").value())
              .c_str();
      for (pugi::xml_node item : group.children("node")) {
        item.append_attribute("title") =
            messages_.Find(lang, item.attribute("name").value(), "title")
                .value_or(item.attribute("name").value())
                .c_str();
      }
    }
  }

  if (pugi::xml_node metadata = metadata_.Find(page.func)) {
    // The toolbar offers only what the caller may use (issue 20): staff see the actions their
    // group allows, a user none of a reseller's.
    pugi::xml_node copy = root.append_copy(metadata);
    if (pugi::xml_node toolbar = copy.child("toolbar"); toolbar && caller.authenticated()) {
      for (pugi::xml_node button = toolbar.first_child(); button;) {
        pugi::xml_node next = button.next_sibling();
        if (!dispatcher.MayUse(caller, button.attribute("func").value(), deps))
          toolbar.remove_child(button);
        button = next;
      }
    }
  }
  if (pugi::xml_node button = metadata_.ToolButton(page.func)) root.append_copy(button);
  if (page.kind == Kind::kList) {
    if (pugi::xml_node filter = metadata_.Find(page.func + ".filter")) root.append_copy(filter);
  }
  // Labels: the panel's own words, then the list's (for its forms' buttons), then the function's.
  pugi::xml_node msgs = root.append_child("msgs");
  for (const std::string& section :
       {std::string("ui"), metadata_.ListOf(page.func), page.func, page.func + ".filter"}) {
    if (section.empty()) continue;
    for (const auto& [name, text] : messages_.Section(lang, section)) {
      pugi::xml_node msg = msgs.append_child("msg");
      msg.append_attribute("name") = name.c_str();
      msg.text().set(text.c_str());
    }
  }

  if (page.data != nullptr) root.append_copy(page.data->doc_node());
  core::AppendEchoedParams(root.append_child("params"), request);
  if (page.values != nullptr) {
    pugi::xml_node values = root.append_child("values");
    for (const auto& [name, value] : page.values->params()) {
      if (core::IsSecretParam(name)) continue;
      pugi::xml_node v = values.append_child("v");
      v.append_attribute("name") = name.c_str();
      v.text().set(value.c_str());
    }
  }
  if (page.error) root.append_copy(page.error);
  for (pugi::xml_node more : page.more_errors.children("error")) root.append_copy(more);
  if (std::optional<std::string> notice = Notice(request, lang))
    root.append_child("notice").text().set(notice->c_str());
  std::optional<std::string> login_token;
  if (page.kind == Kind::kLogin) {
    login_token = KnownLoginToken(request);
    pugi::xml_node login = root.append_child("login");
    login.append_attribute("token") = login_token.value_or(util::RandomToken()).c_str();
    // A password login waiting for its second factor: the code page, with the challenge the
    // password earned (again after a wrong code, while the challenge lasts).
    std::string challenge;
    if (page.error && std::string_view(page.error.attribute("object").value()) == "totp_required")
      challenge = page.error.find_child_by_attribute("param", "name", "value").child_value();
    else if (page.error && std::string_view(page.error.attribute("object").value()) == "totp")
      challenge = request.GetOr("challenge", "");
    if (!challenge.empty()) login.append_attribute("challenge") = challenge.c_str();
  }

  Response response;
  response.body = view_.Render(document);  // throws on a template bug (the dispatcher answers 500)
  response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  AddSecurityHeaders(response);
  if (page.data != nullptr) {
    for (const auto& header : page.data->headers()) response.headers.push_back(header);
  }
  if (page.kind == Kind::kLogin && !login_token) {
    response.headers.emplace_back("Set-Cookie", std::string(auth::kLoginCookie) + "=" +
                                                    root.child("login").attribute("token").value() +
                                                    "; Path=/; HttpOnly; SameSite=Strict" +
                                                    (request.https() ? "; Secure" : ""));
  }
  return response;
}

}  // namespace resellermgr::web
