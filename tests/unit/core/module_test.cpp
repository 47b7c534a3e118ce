// What a family is to the rest of the program: a core::Module value. An example module, built
// into a House beside the real ones, gets its right area numbered, its functions and group
// registered, its stores built, its tile on the home page and its job on resellerctl, with
// nothing but the list naming it (what plugin/modules.cpp is for the real families).

#include "core/module.h"

#include <boost/test/unit_test.hpp>
#include <vector>

#include "core/permissions.h"
#include "fakes/handler_harness.h"
#include "modules.h"

using namespace resellermgr;

namespace {

struct Notes {
  std::vector<std::string> kept;
};

core::Reply ListNotes(const Deps& deps, const core::Request&) {
  core::Reply reply;
  for (const std::string& note : deps.Get<Notes>().kept) reply.AddRow().Set("text", note);
  return reply;
}

void NotesTile(const Deps& deps, const core::Request&, core::Element home) {
  home.Add("notes").Attr("count", static_cast<long long>(deps.Get<Notes>().kept.size()));
}

int CountNotes(core::JobContext&, const std::vector<std::string>& args) {
  return static_cast<int>(args.size());
}

const core::Module kNotesModule{
    .name = "notes",
    .areas = {{"notes", true}},
    .register_functions =
        [](core::FunctionRegistry& registry) {
          registry.Add("note", core::AccessLevel::kUser, core::Effect::kReads, ListNotes);
          registry.SetGroup("note", "notes");
        },
    .add_stores = [](core::StoreContext& context) { context.stores.Make<Notes>(); },
    .tiles = {{15, NotesTile}},
    .jobs = {{"notes count", "notes count", 3, CountNotes}},
};

std::vector<const core::Module*> WithNotes() {
  std::vector<const core::Module*> modules(AllModules().begin(), AllModules().end());
  modules.push_back(&kNotesModule);  // the one line
  return modules;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(modules)

BOOST_AUTO_TEST_CASE(a_module_is_its_value_and_one_line_in_the_list) {
  const std::vector<const core::Module*> list = WithNotes();
  const core::House house(list);

  // Its right area is numbered after the others, with no ceiling, and reseller.access shows it.
  const std::optional<core::Rights> rights = core::Rights::Parse("notes:read,users:read");
  BOOST_REQUIRE(rights);
  BOOST_TEST(rights->ToString() == "users:read,notes:read");
  BOOST_TEST(core::Rights::All().Has("notes", core::Action::kDelete));
  const auto& per_account = core::PerAccountAreas();
  BOOST_TEST((std::find(per_account.begin(), per_account.end(), "notes") != per_account.end()));

  // Its function and group are registered beside every real family's.
  const core::FunctionSpec* note = house.registry().Find("note");
  BOOST_REQUIRE(note != nullptr);
  BOOST_TEST(note->group == "notes");
  BOOST_TEST(house.registry().Find("reseller.edit") != nullptr);

  // Its stores are built with the worker's; its tile runs in its place on the home page.
  fakes::HandlerHarness harness([](core::FunctionRegistry&) {});
  core::StoreContext context{harness.connection, harness.config, harness.stores};
  kNotesModule.add_stores(context);
  harness.stores.Get<Notes>().kept = {"a", "b"};
  const core::Reply notes = note->handler(harness.deps, core::Request());
  BOOST_TEST(std::distance(notes.doc_node().children("elem").begin(),
                           notes.doc_node().children("elem").end()) == 2);
  const auto& tiles = house.tiles();
  BOOST_TEST(
      std::is_sorted(tiles.begin(), tiles.end(),
                     [](const core::Tile& a, const core::Tile& b) { return a.order < b.order; }));
  BOOST_TEST((std::find_if(tiles.begin(), tiles.end(),
                           [](const core::Tile& t) { return t.add == NotesTile; }) != tiles.end()));

  // Its job is a resellerctl verb.
  const core::Job* job = house.FindJob({"notes", "count", "x"});
  BOOST_REQUIRE(job != nullptr);
  BOOST_TEST(house.FindJob({"notes", "count", "x", "y"}) == nullptr);  // past its arguments
  BOOST_TEST(house.FindJob({"invoice", "run"}) != nullptr);
}

BOOST_AUTO_TEST_CASE(a_store_is_offered_once_and_found_by_its_type) {
  core::Stores stores;
  Notes notes;
  BOOST_TEST(!stores.Has<Notes>());
  stores.Put(notes);
  BOOST_TEST(&stores.Get<Notes>() == &notes);
  BOOST_CHECK_THROW(stores.Put(notes), std::logic_error);
  BOOST_CHECK_THROW(stores.Get<std::string>(), std::logic_error);
}

BOOST_AUTO_TEST_CASE(a_longer_prefix_wins_whatever_the_order_modules_register_in) {
  core::FunctionRegistry registry;
  registry.SetGroup("reseller.message", "tickets");  // a later module's rule, set first
  registry.Add("reseller.message", core::AccessLevel::kReseller, core::Effect::kSubmits, nullptr);
  registry.Add("reseller.edit", core::AccessLevel::kReseller, core::Effect::kSubmits, nullptr);
  registry.SetGroup("reseller", "resellers");
  BOOST_TEST(registry.Find("reseller.message")->group == "tickets");
  BOOST_TEST(registry.Find("reseller.edit")->group == "resellers");
}

BOOST_AUTO_TEST_SUITE_END()
