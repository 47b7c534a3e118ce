#pragma once
// name -> FunctionSpec. Modules register their functions at start-up (core/module.h); a duplicate
// name is a start-up error. Read-only once the workers start. The setters below are rules by
// name prefix: they hold for functions registered before and after them, and the longer prefix
// wins, so the order modules register in does not matter.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/caller.h"
#include "core/permissions.h"
#include "core/reply.h"
#include "core/request.h"

namespace resellermgr {
struct Deps;
}

namespace resellermgr::core {

// What a call does to state. A change made with the session cookie alone (a browser) must be a
// POST that carries the session's CSRF token. kSubmits is a form function (X.edit, ...): showing
// the form (no sok) reads, submitting it (sok) changes.
enum class Effect { kReads, kChanges, kSubmits };

// kDuringPasswordChange functions stay open to a login that must change its password or set up
// a second factor first (usrparam, whoami, logout, totp.*); everything else is refused until it
// has.
enum class Gate { kNormal, kDuringPasswordChange };

using Handler = std::function<Reply(const Deps&, const Request&)>;

struct FunctionSpec {
  AccessLevel min_level;
  Effect effect;
  Handler handler;
  Gate gate;
  std::string group;  // function group ("users", "presets", ...) that reseller.access can deny
  // The kind of object its elid names ("user" for user.edit): ISP4 clients read it from the
  // obj attribute of "not exists" and "exists" errors. The name's first part unless SetObject.
  std::string object;
  // Whether a change with an idempotency_key is recorded and its reply replayed. Off for
  // functions whose reply is a session or acts on the caller's own session (su, auth).
  bool replays = true;
  // What the function does to its group's objects, for permission groups: from the name
  // (.delete, .suspend/.resume/.disable/.enable) and the effect, unless SetAction. A form
  // function only shown (no sok) reads.
  Action action = Action::kRead;
  // Whether the dispatcher runs a change in a transaction it opens (the change funnel). Off for
  // the identity functions that record refused attempts (counted and audited even when the
  // call fails), which a rollback would undo.
  bool transactional = true;
  // Whether a caller with an API token may call it (a function without a group is open to every
  // login; those that manage credentials or sessions are not open to tokens).
  bool for_tokens = true;
  // Whether preview=on makes a call a read (it says what the change would reach and changes
  // nothing): no idempotency record, no transaction of the change funnel.
  bool previews = false;
  // Whether a read of it carries the session's question in its statement (a list's page:
  // db::CarriedCheck), so a session this worker has seen costs no statement of its own.
  bool carries_session = false;

  // The action of this call: a form shown without sok reads.
  Action ActionOf(bool submitted) const {
    return effect == Effect::kSubmits && !submitted ? Action::kRead : action;
  }
};

class FunctionRegistry {
 public:
  // Throws std::logic_error on a duplicate name.
  void Add(std::string name, AccessLevel min_level, Effect effect, Handler handler,
           Gate gate = Gate::kNormal);
  // Puts every function whose name starts with `prefix` (e.g. "user") into `group`.
  void SetGroup(std::string_view prefix, const std::string& group);
  // Names the kind of object the elid of the functions under `prefix` names.
  void SetObject(std::string_view prefix, const std::string& object);
  // Takes the functions under `prefix` out of idempotency_key replay.
  void NeverReplay(std::string_view prefix);
  // Overrides the permission action of the functions under `prefix` (exact name or family).
  void SetAction(std::string_view prefix, Action action);
  // Runs the functions under `prefix` in their own transactions, not the dispatcher's.
  void OwnTransactions(std::string_view prefix);
  // Refuses the functions under `prefix` to callers that came with an API token.
  void NeverForTokens(std::string_view prefix);
  // The function `name` (that one, not its family) reads through a statement that carries the
  // session's question (FunctionSpec::carries_session).
  void CarriesSession(std::string_view name);
  // The function `name` answers preview=on without changing anything (FunctionSpec::previews).
  void TakesPreview(std::string_view name);
  // Another module's part of form function `func` (ratecard= on reseller.edit): `show` adds its
  // fields to the form shown without sok; `save` runs after the form saved with sok, in the same
  // transaction (its refusal undoes the whole change). Neither runs after an error.
  using ShowPart = void (*)(const Deps&, const Request&, Element form);
  using SavePart = void (*)(const Deps&, const Request&);
  void ExtendForm(std::string_view func, ShowPart show, SavePart save);
  const FunctionSpec* Find(std::string_view name) const;
  std::size_t size() const { return functions_.size(); }
  std::vector<std::string> Names() const;  // every registered function, sorted

 private:
  struct Rule {
    std::string prefix;
    std::function<void(FunctionSpec&)> apply;
    bool exact = false;  // the function named `prefix` alone, not its family
  };
  void AddRule(std::string_view prefix, std::function<void(FunctionSpec&)> apply,
               bool exact = false);
  FunctionSpec Derived(const std::string& name) const;

  std::map<std::string, FunctionSpec, std::less<>> added_;      // as registered
  std::map<std::string, FunctionSpec, std::less<>> functions_;  // with the rules applied
  std::vector<Rule> rules_;
};

}  // namespace resellermgr::core
