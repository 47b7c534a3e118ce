#pragma once
// What the dispatcher needs from the families beneath it, as interfaces, so that core includes no
// family: who is calling (identity: auth/), whether its account may use a function group
// (modules per account: account/), and where a change's idempotency record lives (changes/).
// The worker wires the implementations (worker.cpp).

#include <optional>
#include <string>
#include <string_view>

#include "core/caller.h"
#include "core/request.h"

namespace resellermgr::core {

class Gatekeeper {
 public:
  virtual ~Gatekeeper() = default;
  // The caller of `request` (credentials, session, su=); throws PluginError for bad ones. With
  // `as_seen`, a session this worker has seen may be taken as it was, its question left on the
  // connection for the request's read to carry (db::CarriedCheck): the caller then releases
  // nothing until the database said yes.
  virtual Caller Identify(const Request& request, bool as_seen) = 0;
  // The address stage: throws PluginError(kAccessDenied, "ip") outside the caller's locks.
  virtual void CheckAddress(const Caller& caller, const Request& request) = 0;
  // reseller.access: whether the account acted as (and those above it) may use `group`.
  virtual bool ModuleAllowed(const Caller& caller, std::string_view group) = 0;
};

// The first reply of a change made with an idempotency_key.
struct ReplayRecord {
  std::string func;
  std::string params_hash;
  std::string reply;
};

class ReplayLog {
 public:
  virtual ~ReplayLog() = default;
  // Claims (login, key) in the current transaction; nullopt when free, else the holder's record.
  virtual std::optional<ReplayRecord> Claim(long long login_id, std::string_view key,
                                            std::string_view func,
                                            const std::string& params_hash) = 0;
  virtual void Finish(long long login_id, std::string_view key, const std::string& reply) = 0;
};

}  // namespace resellermgr::core
