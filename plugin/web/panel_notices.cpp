// The notice a page shows after a successful change (Panel::NoticeQuery, Panel::Notice): which
// change it was travels in the redirect's query as a key from a fixed list and the object's
// name, and the page's language words it.

#include "base/text.h"
#include "core/messages.h"
#include "web/panel.h"

namespace resellermgr::web {

using core::Reply;
using core::Request;

// What a successful change did, for the page it lands on (POST, redirect, GET): "&done=KEY" with
// a key from a fixed list, and "&what=NAME" naming the object. Show() turns them into the notice
// in the page's language; nothing else from the URL is ever shown as a notice.
std::string Panel::NoticeQuery(const Request& request, const Reply& reply) const {
  const std::string func(request.func());
  const std::string action = func.substr(func.rfind('.') + 1);
  const bool named = !request.GetOr("elid", "").empty();
  std::string key;
  if (func == "ticket.edit") {
    key = "answered";
  } else if (func == "password.reset") {
    key = "reset_sent";
  } else if (func == "password.reset.finish") {
    key = "password_set";
  } else if (func == "signup") {
    key = "signup_sent";
  } else if (func == "signup.verify") {
    key = "signup_verified";
  } else if (func == "broadcast.edit") {
    // "Broadcast started: 10000 recipients"
    return "&done=broadcast_started&what=" +
           base::PercentEncode(reply.doc_node().child_value("recipients"));
  } else if (action == "edit" || action == "add" || action == "finish") {
    key = named ? "saved" : "created";
  } else if (action == "suspend" || action == "disable") {
    key = "suspended";
  } else if (action == "resume" || action == "enable") {
    key = "resumed";
  } else if (action == "delete") {
    key = "deleted";
  } else if (action == "message") {
    key = "sent";
  } else if (action == "close") {
    key = "closed";
  } else if (func.starts_with("wallet.") &&
             (action == "transfer" || action == "deposit" || action == "withdraw" ||
              action == "charge" || action == "refund")) {
    key = "transferred";
  } else if (func == "service.request") {
    key = "requested";
  } else if (func == "ticket.new") {
    key = "opened";
  } else if (action == "access") {
    key = "saved";
  } else if (func == "usrparam" && !request.GetOr("passwd", "").empty()) {
    return "&done=password";  // a language switch or a new e-mail needs no notice
  } else {
    return "";
  }
  std::string what(named ? request.GetOr("elid", "") : reply.doc_node().child_value("id"));
  std::string query = "&done=" + key;
  if (!what.empty()) query += "&what=" + base::PercentEncode(what);
  return query;
}

// The notice for done=KEY&what=NAME (NoticeQuery): the ui message notice_KEY with the name, when
// both are what NoticeQuery writes (a known key; names, as in "r1, r2").
std::optional<std::string> Panel::Notice(const Request& request, std::string_view lang) const {
  const std::string_view key = request.GetOr("done", "");
  const std::string_view what = request.GetOr("what", "");
  if (key.empty() || key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
    return std::nullopt;
  if (what.size() > 200 ||
      what.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.-, ") != std::string::npos)
    return std::nullopt;
  std::optional<std::string> text = messages_.Find(lang, "ui", "notice_" + std::string(key));
  if (!text) return std::nullopt;
  return base::ReplaceAll(*text, "__what__", what);
}

}  // namespace resellermgr::web
