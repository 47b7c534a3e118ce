#pragma once
// A family's face: everything the rest of the program knows about it (STYLE.md "Modules").
// Each family exports one `const core::Module kModule` from its module.cpp; plugin/modules.cpp
// lists them, and that list is the only place a family is named outside its folder. From it
// the House registers right areas, functions and function groups, builds each worker's stores,
// and gathers home-page tiles and resellerctl jobs.

#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/config.h"
#include "core/caller.h"
#include "core/dispatcher.h"
#include "core/function_registry.h"
#include "core/reply.h"
#include "core/request.h"
#include "core/stores.h"

namespace resellermgr {
struct Deps;
namespace db {
class Connection;
}
}  // namespace resellermgr

namespace resellermgr::core {

// A right area ("wallets"): permission groups and tokens grant "area:action" on the functions
// of that group. per_account: reseller.access may also deny the whole group to one account.
struct RightArea {
  const char* name;
  bool per_account = false;
};

// What a module's stores are built from: the worker's connection and config, and the stores
// of the modules listed before it (a module asks for another's by its interface).
struct StoreContext {
  db::Connection& db;
  const base::Config& config;
  Stores& stores;
};

// A part of the home page (dashboard): adds its elements to the reply's root. Tiles run in
// `order`, whichever module brings them.
struct Tile {
  int order;
  void (*add)(const Deps& deps, const Request& request, Element home);
};

// What a resellerctl job may use: the worker's stores, its connection, and a way to run a
// function as a local login (resellerctl call).
struct JobContext {
  const Deps& deps;
  db::Connection& db;
  const base::Config& config;
  std::function<std::optional<Caller>(const std::string& login)> local_caller;
  std::function<Response(const RawRequest&, const Caller&)> call_as;
};

// A resellerctl verb: `resellerctl WORD1 WORD2 [ARGS...]`, args[0] and args[1] being the words.
struct Job {
  const char* words;     // "invoice run"
  const char* usage;     // "invoice run [YYYY-MM]   month-end invoices (default: last month)"
  std::size_t max_args;  // words included
  int (*run)(JobContext& context, const std::vector<std::string>& args);
  // Batch work whose statements may wait minutes (the month-end run).
  bool long_statements = false;
};

// Work a module does by itself, on the delivery thread's own worker (its stores over a
// connection of its own): one pass takes a batch of what is due, in transactions of its own,
// and says whether it had a full batch (then it runs again at once; else after the poll). With
// `every`, a pass that did not come back full waits that long before its next run instead.
struct Background {
  const char* name;
  bool (*pass)(const Deps& deps);
  std::chrono::seconds every{0};
};

// Every member but the name has a default, so a module names only what it brings.
struct Module {
  const char* name = "";
  std::vector<RightArea> areas = {};
  void (*register_functions)(FunctionRegistry& registry) = nullptr;
  void (*add_stores)(StoreContext& context) = nullptr;
  std::vector<Tile> tiles = {};
  std::vector<Job> jobs = {};
  std::vector<Background> background = {};
};

// The modules of the program, registered once at start-up and read-only afterwards.
class House {
 public:
  explicit House(std::span<const Module* const> modules);

  const FunctionRegistry& registry() const { return registry_; }
  // Every module's stores over one worker's connection, in list order.
  void AddStores(StoreContext& context) const;
  // The home page's tiles, in order.
  const std::vector<Tile>& tiles() const { return tiles_; }
  // The job whose words start `args`, or nullptr.
  const Job* FindJob(const std::vector<std::string>& args) const;
  std::vector<const Job*> jobs() const;
  // Every module's background work, in list order.
  std::vector<const Background*> background() const;

 private:
  std::vector<const Module*> modules_;
  FunctionRegistry registry_;
  std::vector<Tile> tiles_;
};

// Registers the right areas and functions of `modules` into `registry` (what House does; for
// tools and tests that want only the function table).
void RegisterModules(std::span<const Module* const> modules, FunctionRegistry& registry);

}  // namespace resellermgr::core
