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
#include "core/request.h"

namespace resellermgr {
struct Deps;
}

namespace resellermgr::core {

struct Config;
class Messages;
class Metadata;

struct Response {
  std::string status = "200 OK";
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type first
  std::string body;
};

class Dispatcher {
 public:
  Dispatcher(const FunctionRegistry& registry, const Config& config, const Messages& messages,
             const Metadata& metadata);

  // Never throws. `local_caller` (resellerctl) replaces authentication.
  Response Handle(const RawRequest& raw, const Deps& deps,
                  const std::optional<Caller>& local_caller = std::nullopt) const;

 private:
  Reply Run(Request& request, const Deps& deps, const std::optional<Caller>& local_caller) const;
  Reply Call(const FunctionSpec& spec, const Request& request, const Deps& deps) const;

  const FunctionRegistry& registry_;
  const Config& config_;
  const Messages& messages_;
  const Metadata& metadata_;
  ParamLimits limits_;
};

// Parameters never echoed in <tparams> nor written to logs or the audit log.
bool IsSecretParam(std::string_view name);

}  // namespace resellermgr::core
