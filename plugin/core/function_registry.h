#pragma once
// name -> FunctionSpec. Families register explicitly from main() through Register*Functions();
// a duplicate name is a start-up error. Read-only once the workers start.

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/caller.h"
#include "core/reply.h"
#include "core/request.h"

namespace resellermgr {
struct Deps;
}

namespace resellermgr::core {

// kChanges functions need a CSRF token when the caller came with the session cookie only.
enum class Effect { kReads, kChanges };

// kDuringPasswordChange functions stay open to a login that must change its password first
// (usrparam, whoami, logout); everything else is refused until it has.
enum class Gate { kNormal, kDuringPasswordChange };

using Handler = std::function<Reply(const Deps&, const Request&)>;

struct FunctionSpec {
  AccessLevel min_level;
  Effect effect;
  Handler handler;
  Gate gate;
};

class FunctionRegistry {
 public:
  // Throws std::logic_error on a duplicate name.
  void Add(std::string name, AccessLevel min_level, Effect effect, Handler handler,
           Gate gate = Gate::kNormal);
  const FunctionSpec* Find(std::string_view name) const;
  std::size_t size() const { return functions_.size(); }

 private:
  std::map<std::string, FunctionSpec, std::less<>> functions_;
};

}  // namespace resellermgr::core
