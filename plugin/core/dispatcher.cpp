#include "core/dispatcher.h"

#include <cppconn/exception.h>

#include <algorithm>
#include <atomic>
#include <cctype>

#include "base/config.h"
#include "base/errors.h"
#include "base/log.h"
#include "base/text.h"
#include "core/deps.h"
#include "core/gatekeeper.h"
#include "core/messages.h"
#include "core/metadata.h"
#include "core/render.h"
#include "core/stages.h"
#include "db/connection.h"
#include "db/transaction.h"
#include "util/crypto.h"

namespace resellermgr::core {
namespace {

// A deadlock victim, or on a Galera cluster a certification failure (another node committed a
// conflicting row first: the same error, at any statement or at the commit), changed nothing and
// runs again, after a pause that grows and is spread at random so that the requests that
// collided do not collide again.
constexpr int kDeadlockRetries = 6;

bool RetryAfterConflict(const sql::SQLException& e, int attempt, std::string_view func,
                        db::Connection& connection) {
  if (e.getErrorCode() != db::kDeadlock || attempt == kDeadlockRetries) return false;
  static std::atomic<long long> conflicts{0};
  LOG_WARNING("func=" << func << ": deadlock or certification conflict #" << ++conflicts
                      << " since start, retrying (" << attempt << ")");
  connection.ForgetPlace();
  db::PauseAfterConflict(attempt);
  return true;
}

constexpr std::size_t kMaxIdempotencyKey = 128;

// What makes two requests "the same change" for an idempotency key: the function and every
// parameter but credentials, secrets (never stored, not even hashed) and how the reply is shown.
std::string ChangeHash(const Request& request) {
  static constexpr std::string_view kIgnored[] = {"idempotency_key", "out", "lang", "sok",
                                                  "clicked_button"};
  std::string canonical;
  for (const auto& [name, value] : request.params()) {
    if (IsSecretParam(name) ||
        std::find(std::begin(kIgnored), std::end(kIgnored), name) != std::end(kIgnored))
      continue;
    // Length-prefixed, so no two different parameter sets read as the same bytes.
    canonical.append(std::to_string(name.size())).append(":").append(name);
    canonical.append(std::to_string(value.size())).append(":").append(value);
  }
  return util::Sha256(canonical);
}

void Decorate(Reply& reply, const Request& request, std::string_view lang) {
  pugi::xml_node doc = reply.doc_node();
  doc.prepend_attribute("lang") = std::string(lang).c_str();
  doc.prepend_attribute("func") = std::string(request.func()).c_str();
  AppendEchoedParams(doc.append_child("tparams"), request);
}

}  // namespace

bool IsSecretParam(std::string_view name) {
  static constexpr std::string_view kSecrets[] = {"authinfo",  "auth", "password", "passwd",
                                                  "confirm",   "key",  "csrf",     "totp",
                                                  "challenge", "code"};
  for (std::string_view secret : kSecrets) {
    if (name == secret) return true;
  }
  return name.find("passw") != std::string_view::npos ||
         name.find("secret") != std::string_view::npos || name.ends_with("_key") ||
         name.ends_with("token");
}

void AppendEchoedParams(pugi::xml_node parent, const Request& request) {
  for (const auto& [name, value] : request.params()) {
    if (IsSecretParam(name) || !base::IsPlainXmlName(name)) continue;
    parent.append_child(name.c_str()).text().set(value.c_str());
  }
}

Dispatcher::Dispatcher(const FunctionRegistry& registry, const base::Config& config,
                       const Messages& messages, const Metadata& metadata, const HtmlFrontend* html)
    : registry_(registry), config_(config), messages_(messages), metadata_(metadata), html_(html) {
  limits_.max_field_bytes = config.max_field_bytes;
  limits_.max_file_bytes = config.max_body_bytes;
}

Response Dispatcher::Handle(const RawRequest& raw, const Deps& deps,
                            const std::optional<Caller>& local_caller) const {
  Request request;
  OutputFormat format = OutputFormat::kXml;
  std::string lang = "en";
  Reply reply;
  try {
    request = Request::Parse(raw, limits_);
    lang = std::string(request.lang());
    std::optional<OutputFormat> parsed = ParseOutputFormat(request.out());
    if (!parsed || (*parsed == OutputFormat::kHtml && html_ == nullptr))
      throw base::PluginError(base::ErrorKind::kInvalidValue, "out", std::string(request.out()));
    format = *parsed;
  } catch (const base::PluginError& e) {
    reply = Reply::Error(e, messages_, lang);
  }
  if (reply.IsError()) return Finish(std::move(reply), request, format, lang);
  if (format == OutputFormat::kHtml && !local_caller) {
    try {
      return html_->Handle(request, deps, *this);
    } catch (const std::exception& e) {
      LOG_ERROR("func=" << request.func() << ": page not rendered: " << e.what());
      Response failed;
      failed.status = "500 Internal Server Error";
      failed.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
      failed.headers.emplace_back("Cache-Control", "no-store");
      failed.body = "The page could not be rendered. The details are in the server log.\n";
      return failed;
    }
  }

  reply = Execute(request, deps, local_caller);
  lang = std::string(request.lang(request.caller().lang));
  // out=devel: what a host panel needs to render the reply, beside the data.
  if (request.out() == "devel" && !reply.IsError())
    metadata_.AppendDevel(request.func(), lang, messages_, reply);
  return Finish(std::move(reply), request, format, lang);
}

Response FileResponse(const Reply& reply) {
  const Attachment& file = *reply.attachment();
  Response response;
  response.headers.emplace_back("Content-Type", file.content_type);
  response.headers.emplace_back("Content-Disposition",
                                std::string(file.inline_display ? "inline" : "attachment") +
                                    "; filename=\"" + file.filename + "\"");
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  // A file is never a page: an SVG or HTML opened on its own runs nothing.
  response.headers.emplace_back("Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'");
  response.body = file.body;
  return response;
}

Response Dispatcher::Finish(Reply reply, const Request& request, OutputFormat format,
                            std::string_view lang) const {
  if (reply.attachment() != nullptr && !reply.IsError()) return FileResponse(reply);
  Decorate(reply, request, lang);
  Rendered rendered = Render(reply, format);
  Response response;
  response.headers.emplace_back("Content-Type", std::move(rendered.content_type));
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (format == OutputFormat::kCsv) {
    std::string name(request.func());
    std::replace_if(
        name.begin(), name.end(),
        [](char c) { return !std::isalnum(static_cast<unsigned char>(c)) && c != '.'; }, '_');
    response.headers.emplace_back(
        "Content-Disposition",
        "attachment; filename=\"" + (name.empty() ? "list" : name) + ".csv\"");
  }
  for (const auto& header : reply.headers()) response.headers.push_back(header);
  response.body = std::move(rendered.body);
  return response;
}

Reply Dispatcher::Execute(Request& request, const Deps& deps,
                          const std::optional<Caller>& known_caller) const {
  // Errors speak the lang parameter's language, else the caller's own choice (usrparam).
  const auto lang = [&request] { return request.lang(request.caller().lang); };
  // A read that met a connection the server had dropped (a restart, a killed connection, an
  // idle timeout) runs once more on a new one: it changed nothing. A change does not: whether it
  // committed is unknown, and its idempotency key settles that, not a blind retry.
  for (int attempt = 1;; ++attempt) {
    try {
      return Run(request, deps, known_caller);
    } catch (const base::PluginError& e) {
      // A function the caller may not use is named as its menu or toolbar names it.
      const bool refused_function = e.kind() == base::ErrorKind::kAccessDenied &&
                                    (e.object() == "permission" || e.object() == "token");
      return Reply::Error(e, messages_, lang(), request.func(),
                          refused_function ? FunctionTitle(e.value(), lang()) : std::string());
    } catch (const sql::SQLException& e) {
      const bool lost = db::IsConnectionLost(e.getErrorCode());
      if (lost) deps.db.MarkBroken();
      const FunctionSpec* spec = registry_.Find(request.func());
      const bool reads = spec != nullptr && !Changes(*spec, request.Submitted());
      if (lost && reads && attempt == 1) {
        LOG_WARNING("func=" << request.func() << ": connection lost (" << e.getErrorCode()
                            << "), reading again on a new one");
        continue;
      }
      LOG_ERROR("func=" << request.func() << ": database error code=" << e.getErrorCode()
                        << " state=" << e.getSQLState() << ": " << e.what());
      return Reply::Error(base::PluginError(base::ErrorKind::kInternal, "database"), messages_,
                          lang());
    } catch (const std::exception& e) {
      LOG_ERROR("func=" << request.func() << ": " << e.what());
      return Reply::Error(
          base::PluginError(base::ErrorKind::kInternal, std::string(request.func())), messages_,
          lang());
    }
  }
}

std::string Dispatcher::FunctionTitle(const std::string& func, std::string_view lang) const {
  if (std::optional<std::string> title = messages_.Find(lang, func, "title");
      title && !title->empty())
    return *title;
  const std::string list = metadata_.ListOf(func);
  const pugi::xml_node button = metadata_.ToolButton(func);
  if (list.empty() || !button) return func;
  const std::optional<std::string> list_title = messages_.Find(lang, list, "title");
  const std::optional<std::string> action =
      messages_.Find(lang, list, button.attribute("name").value());
  if (!list_title || !action) return func;
  return *list_title + ": " + *action;
}

bool Dispatcher::MayCall(const Caller& caller, std::string_view func, const Deps& deps) const {
  const FunctionSpec* spec = registry_.Find(func);
  return spec != nullptr && static_cast<int>(caller.level) >= static_cast<int>(spec->min_level) &&
         (spec->group.empty() || (caller.permissions.Allows(spec->group, Action::kRead) &&
                                  deps.gate.ModuleAllowed(caller, spec->group)));
}

bool Dispatcher::MayUse(const Caller& caller, std::string_view func, const Deps& deps) const {
  if (!MayCall(caller, func, deps)) return false;
  const FunctionSpec* spec = registry_.Find(func);
  if (caller.method == AuthMethod::kToken && !spec->for_tokens) return false;
  return spec->group.empty() || caller.permissions.Allows(spec->group, spec->ActionOf(true));
}

Reply Dispatcher::Run(Request& request, const Deps& deps,
                      const std::optional<Caller>& local_caller) const {
  // An unknown language is a typed error rather than a silent English reply.
  if (auto lang = request.Get("lang"); lang && !lang->empty() && *lang != "en" && *lang != "ru")
    throw base::PluginError(base::ErrorKind::kInvalidValue, "lang", base::Utf8Prefix(*lang, 32));
  deps.db.EnsureConnected();
  const FunctionSpec* spec = registry_.Find(request.func());
  // A list read with a session this worker has seen: identified as it was seen, and the page's
  // statement asks the database whether it still reads so (db::CarriedCheck), one round trip
  // instead of two. Only a yes lets the reply out; anything else (no, or no statement carried
  // the question) runs the request again, identified the long way. The first run wrote nothing:
  // the connection prepares only SELECTs until the yes.
  db::CarriedCheck& carried = deps.db.carried();
  if (!local_caller && spec != nullptr && spec->carries_session &&
      !Changes(*spec, request.Submitted())) {
    try {
      Reply reply = Identified(request, deps, local_caller, spec, true);
      if (carried.held() || !carried.asked()) return reply;
    } catch (...) {
      if (carried.held() || !carried.asked()) throw;
    }
    carried.Clear();
  }
  return Identified(request, deps, local_caller, spec, false);
}

Reply Dispatcher::Identified(Request& request, const Deps& deps,
                             const std::optional<Caller>& local_caller, const FunctionSpec* spec,
                             bool as_seen) const {
  // Identification's writes (attempt counters, last seen) stand alone (db::UpdateAlone).
  request.set_caller(local_caller ? *local_caller : deps.gate.Identify(request, as_seen));
  const Caller& caller = request.caller();
  if (spec == nullptr)
    throw base::PluginError(base::ErrorKind::kNotFound, "func", std::string(request.func()));
  // The stages, in order (core/stages.h); the address stage is the identity's.
  if (caller.authenticated() && !local_caller) deps.gate.CheckAddress(caller, request);
  CheckLevel(*spec, caller, request.func());
  CheckPasswordGate(*spec, caller);
  const bool submitting = request.Submitted();
  CheckPermission(*spec, caller, submitting, request.func());
  // reseller.access: a group denied to the account acted as, or to its owner. Admins are never
  // restricted, and functions without a group (whoami, auth, ...) are always open.
  if (!spec->group.empty() && !deps.gate.ModuleAllowed(caller, spec->group))
    throw base::PluginError(base::ErrorKind::kAccessDenied, std::string(request.func()),
                            spec->group);
  CheckCsrf(*spec, caller, request);
  // Submitted forms are checked against their declaration in the metadata (one per field).
  if (submitting) metadata_.ValidateForm(request.func(), request);
  // A preview says what the change would reach and changes nothing: a read.
  const bool changing = Changes(*spec, submitting) && !(spec->previews && request.Flag("preview"));
  const bool replayable = changing && spec->replays && caller.login_id != 0 &&
                          !request.GetOr("idempotency_key", "").empty();
  return Call(*spec, request, deps, replayable, changing && spec->transactional);
}

Reply Dispatcher::Call(const FunctionSpec& spec, const Request& request, const Deps& deps,
                       bool replayable, bool in_transaction) const {
  // A deadlock victim's transaction is already rolled back by the server and by db::Transaction,
  // so the whole handler can run again.
  for (int attempt = 1;; ++attempt) {
    try {
      if (replayable) return CallOnce(spec, request, deps);
      if (!in_transaction) return spec.handler(deps, request);
      // The change funnel: the handler's own transactions join this one, so the change, its
      // audit rows and its outbox events commit together or not at all.
      db::Transaction tx(deps.db);
      Reply reply = spec.handler(deps, request);
      if (!reply.IsError()) tx.Commit();
      return reply;
    } catch (base::PluginError& e) {
      // ISP4 clients take a repeated create or delete as done only on code 2/3 with obj naming
      // the kind ("user"), not the field the name came in.
      const bool about_target = e.object() == "elid" || e.object() == "name";
      if (about_target &&
          (e.kind() == base::ErrorKind::kNotFound || e.kind() == base::ErrorKind::kExists))
        e.set_entity(spec.object);
      throw;
    } catch (const sql::SQLException& e) {
      if (!RetryAfterConflict(e, attempt, request.func(), deps.db)) throw;
    }
  }
}

Reply Dispatcher::CallOnce(const FunctionSpec& spec, const Request& request,
                           const Deps& deps) const {
  const std::string& key = request.Require("idempotency_key");
  if (key.size() > kMaxIdempotencyKey) {
    throw base::PluginError(base::ErrorKind::kInvalidValue, "idempotency_key", "",
                            "at most " + std::to_string(kMaxIdempotencyKey) + " bytes");
  }
  const long long login_id = request.caller().login_id;
  const std::string hash = ChangeHash(request);
  // The handler's own transaction joins this one, so the change and its record commit together.
  db::Transaction tx(deps.db);
  if (std::optional<ReplayRecord> first = deps.replays.Claim(login_id, key, request.func(), hash)) {
    if (first->func != request.func() || first->params_hash != hash) {
      throw base::PluginError(base::ErrorKind::kConflict, "idempotency_key",
                              base::Utf8Prefix(key, 64), "this key was used for another change");
    }
    return Reply::Load(first->reply);
  }
  Reply reply = spec.handler(deps, request);
  deps.replays.Finish(login_id, key, SaveXml(reply.document()));
  tx.Commit();
  return reply;
}

}  // namespace resellermgr::core
