#pragma once
// What the panel's request flow (panel.cpp) and its page builder (panel_page.cpp) share: what one
// page shows, and what every response of the panel carries.

#include <optional>
#include <string>

#include "web/panel.h"

namespace resellermgr::web {

// What one page shows besides the caller: the data, and optionally an error and re-fill values.
struct Panel::Page {
  Page(Kind kind, std::string func, const core::Reply* data = nullptr, pugi::xml_node error = {},
       const core::Request* values = nullptr)
      : kind(kind), func(std::move(func)), data(data), error(error), values(values) {}

  Kind kind;
  std::string func;             // whose metadata and messages the page uses
  const core::Reply* data;      // the function's reply
  pugi::xml_node error;         // an error to show above the page or beside a field
  const core::Request* values;  // a rejected form's submitted values
  pugi::xml_node more_errors;   // <errors>: the form's other refused fields, each an <error>
};

// Content-Security-Policy, X-Frame-Options, nosniff, Referrer-Policy, no-store: on every page
// and redirect.
void AddSecurityHeaders(core::Response& response);

// The login form's token: the one in the browser's login cookie, or nullopt (the page then makes
// and sets a new one). Only a page of ours can put the cookie's value into the form it posts.
std::optional<std::string> KnownLoginToken(const core::Request& request);

}  // namespace resellermgr::web
