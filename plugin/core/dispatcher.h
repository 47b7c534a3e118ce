#pragma once
// Parse -> authenticate -> look up -> check level and CSRF -> handler -> reply -> render.
// The one place that catches: every failure becomes a typed <error> reply. Thread-safe (const);
// per-request state lives in the worker's Deps.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/caller.h"
#include "core/function_registry.h"
#include "core/render.h"
#include "core/request.h"

namespace resellermgr {
struct Deps;
namespace base {
struct Config;
}
}  // namespace resellermgr

namespace resellermgr::core {

class Messages;
class Metadata;

struct Response {
  std::string status = "200 OK";
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type first
  std::string body;
};

// The file a reply carries (Reply::attachment), as the HTTP response.
Response FileResponse(const Reply& reply);

class Dispatcher;

// out=html: the browser panel (web/panel.h) turns function calls into pages. It calls back into
// the dispatcher's Execute, once or a few times per page, which never throws; Handle throws only
// when a page cannot be rendered (a template bug), and the dispatcher then answers 500.
class HtmlFrontend {
 public:
  virtual ~HtmlFrontend() = default;
  virtual Response Handle(Request& request, const Deps& deps,
                          const Dispatcher& dispatcher) const = 0;
};

class Dispatcher {
 public:
  // `html` may be null: out=html then answers a typed value/out error.
  Dispatcher(const FunctionRegistry& registry, const base::Config& config, const Messages& messages,
             const Metadata& metadata, const HtmlFrontend* html = nullptr);

  // Never throws. `local_caller` (resellerctl) replaces authentication.
  Response Handle(const RawRequest& raw, const Deps& deps,
                  const std::optional<Caller>& local_caller = std::nullopt) const;

  // Authenticates (unless `known_caller` is given), checks and runs request.func(); every failure
  // comes back as an error reply, never as an exception. On return request.caller() is whoever
  // was identified (a guest when authentication failed). For the HTML front end.
  Reply Execute(Request& request, const Deps& deps,
                const std::optional<Caller>& known_caller = std::nullopt) const;

  // Whether `caller` may call `func` at all: it exists, the caller's level reaches it, and its
  // function group is not denied to it (reseller.access). For the panel's menu.
  bool MayCall(const Caller& caller, std::string_view func, const Deps& deps) const;
  // MayCall, and its permission group allows what the function does when submitted (an edit, a
  // suspension, a deletion): what a toolbar offers the caller (issue 20).
  bool MayUse(const Caller& caller, std::string_view func, const Deps& deps) const;

 private:
  // `func` as a person finds it in `lang`: its own title, else its list's title and its
  // toolbar button ("Users: Delete"), else its name.
  std::string FunctionTitle(const std::string& func, std::string_view lang) const;
  Response Finish(Reply reply, const Request& request, OutputFormat format,
                  std::string_view lang) const;
  Reply Run(Request& request, const Deps& deps, const std::optional<Caller>& local_caller) const;
  // Identifies the caller (`as_seen`: Gatekeeper::Identify), runs the stages and calls `spec`.
  Reply Identified(Request& request, const Deps& deps, const std::optional<Caller>& local_caller,
                   const FunctionSpec* spec, bool as_seen) const;
  // Runs the handler, retrying it whole after a deadlock. `replayable`: the request is a change
  // with an idempotency_key, run through CallOnce.
  Reply Call(const FunctionSpec& spec, const Request& request, const Deps& deps, bool replayable,
             bool in_transaction) const;
  // The first run of a change with this key records its reply in the change's own transaction;
  // a repeat with the same parameters gets that reply, with others a typed "exists" error.
  Reply CallOnce(const FunctionSpec& spec, const Request& request, const Deps& deps) const;

  const FunctionRegistry& registry_;
  const base::Config& config_;
  const Messages& messages_;
  const Metadata& metadata_;
  const HtmlFrontend* html_;
  ParamLimits limits_;
};

// Parameters never echoed in <tparams> nor written to logs or the audit log.
bool IsSecretParam(std::string_view name);

// Appends one child of `parent` per parameter of `request` that may be echoed (not a secret,
// and named so that the name can be an element): <tparams> in replies, <params> in pages.
void AppendEchoedParams(pugi::xml_node parent, const Request& request);

}  // namespace resellermgr::core
