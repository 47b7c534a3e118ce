#pragma once
// The browser panel: out=html, the default when a browser asks (Accept: text/html). It runs the
// requested function through the dispatcher like any API call, then shows the outcome as a page
// rendered by HtmlView from one <page> document: the reply <doc>, the function's metadata and
// messages from xml/, the caller's main menu and su chain, and the session's CSRF token.
//
// What a browser needs beyond the API:
//   - no func: the login page for a guest, the main menu for a logged-in caller;
//   - a successful change answers 303 See Other (to the list it came from), so a reload never
//     submits it twice; auth, su and su.back go to the main page;
//   - a rejected form comes back with the values kept and the error beside its field; a rejected
//     list action shows the list with the error above it;
//   - toolbar buttons marked confirm="yes" ask first, on a page of their own (no JavaScript
//   needed);
//   - a login that must change its password is sent to usrparam.
// Every page carries Content-Security-Policy, frame-ancestors/X-Frame-Options, nosniff and
// Referrer-Policy headers. Thread-safe (const; per-request state lives on the stack).

#include "core/dispatcher.h"
#include "core/messages.h"
#include "core/metadata.h"
#include "web/html_view.h"

namespace resellermgr::web {

class Panel : public core::HtmlFrontend {
 public:
  Panel(const core::Metadata& metadata, const core::Messages& messages, const HtmlView& view)
      : metadata_(metadata), messages_(messages), view_(view) {}

  core::Response Handle(core::Request& request, const Deps& deps,
                        const core::Dispatcher& dispatcher) const override;

 private:
  enum class Kind { kLogin, kHome, kList, kForm, kConfirm, kData, kError };
  struct Page;

  core::Response Show(const core::Request& request, const Deps& deps,
                      const core::Dispatcher& dispatcher, const Page& page) const;
  core::Response AfterError(core::Request& request, const Deps& deps,
                            const core::Dispatcher& dispatcher, core::Reply failed) const;
  std::string AfterSuccess(const core::Request& request) const;
  // A form posted back by a button that saves nothing (`button`: "generate", "show_preview"):
  // the same form again with what was typed, `set` in place of the typed values, and `shown`
  // (name, value) added to its reply.
  core::Response PostedBack(const core::Request& request, std::string_view button, const Deps& deps,
                            const core::Dispatcher& dispatcher,
                            const std::vector<std::pair<std::string, std::string>>& set,
                            const std::pair<std::string, std::string>& shown) const;
  void NormalizeCheckboxes(core::Request& request) const;
  void ApplyChosenTemplate(core::Request& request) const;
  std::string NoticeQuery(const core::Request& request, const core::Reply& reply) const;
  std::optional<std::string> Notice(const core::Request& request, std::string_view lang) const;

  const core::Metadata& metadata_;
  const core::Messages& messages_;
  const HtmlView& view_;
};

}  // namespace resellermgr::web
