// Isolation, table-driven: every function is called by the admin, reseller A, A's user and
// reseller B against accounts of every owner, and each cell must give exactly the expected
// outcome; refused cells must leave the target unchanged.

#include <boost/test/unit_test.hpp>
#include <map>

#include "core/function_registry.h"
#include "http/api.h"
#include "worker.h"

using namespace resellermgr::testing;

namespace {

enum Actor { kAdminActor, kResellerA, kUserA, kResellerB };
const char* const kActorNames[] = {"admin", "reseller A", "A's user", "reseller B"};

struct World {
  std::string ra = Unique("ia"), rb = Unique("ib"), ua = Unique("iua"), ua2 = Unique("iuc"),
              ub = Unique("iub");
  std::map<Actor, As> as;

  World() {
    MakeReseller(ra);
    MakeReseller(rb);
    MakeUser(As::Login(ra, kPassword), ua);
    MakeUser(As::Login(ra, kPassword), ua2);
    MakeUser(As::Login(rb, kPassword), ub);
    as = {{kAdminActor, As::Admin()},
          {kResellerA, As::Login(ra, kPassword)},
          {kUserA, As::Login(ua, kPassword)},
          {kResellerB, As::Login(rb, kPassword)}};
  }
};

// "ok" when the reply has no <error>, else the error type.
std::string Outcome(const pugi::xml_document& doc) {
  return ErrorOf(doc) ? ErrorType(doc) : std::string("ok");
}

std::string FullnameOf(const std::string& user) {
  return As::Admin().Call("user.edit", "elid=" + user).child("doc").child_value("fullname");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(isolation)

BOOST_AUTO_TEST_CASE(user_functions_reach_only_the_callers_subtree) {
  World w;
  // Expected outcome per actor for a target owned by A (ua2) and one owned by B (ub).
  const std::map<Actor, std::pair<std::string, std::string>> expected = {
      {kAdminActor, {"ok", "ok"}},
      {kResellerA, {"ok", "missed"}},
      {kUserA, {"access", "access"}},
      {kResellerB, {"missed", "ok"}},
  };
  const std::vector<std::pair<std::string, std::string>> calls = {
      {"user.edit", ""},                  // the form
      {"user.edit", "sok=ok&fullname="},  // a change (fullname set per actor below)
      {"user.suspend", ""},
      {"user.resume", ""},
      {"user.disable", ""},
      {"user.enable", ""},
      {"user.su", ""},
  };
  for (const auto& [func, query] : calls) {
    for (const auto& [actor, outcomes] : expected) {
      for (const auto& [target, want] :
           {std::pair{w.ua2, outcomes.first}, std::pair{w.ub, outcomes.second}}) {
        const std::string marker = std::string("by-") + std::to_string(actor) + "-" + func;
        const std::string extra = query.empty() ? "" : "&" + query + marker;
        const std::string before = FullnameOf(target);
        pugi::xml_document reply = w.as.at(actor).Call(func, "elid=" + target + extra);
        BOOST_TEST(Outcome(reply) == want,
                   func << " by " << kActorNames[actor] << " on " << target);
        if (want != "ok")
          BOOST_TEST(FullnameOf(target) == before, "unchanged after refused " << func);
      }
    }
  }
  // Lists show exactly the subtree.
  BOOST_TEST(FindRow(w.as.at(kResellerA).Call("user"), w.ua2));
  BOOST_TEST(!FindRow(w.as.at(kResellerA).Call("user"), w.ub));
  BOOST_TEST(!FindRow(w.as.at(kResellerB).Call("user"), w.ua2));
  BOOST_TEST(FindRow(As::Admin().Call("user", "p_cnt=1000"), w.ub));
  BOOST_TEST(Outcome(w.as.at(kUserA).Call("user")) == "access");
  // A reseller cannot list another reseller's users through owner=.
  BOOST_TEST(Outcome(w.as.at(kResellerA).Call("user", "owner=" + w.rb)) == "missed");
}

BOOST_AUTO_TEST_CASE(deleting_and_creating_respect_ownership) {
  World w;
  for (Actor actor : {kResellerA, kUserA}) {
    BOOST_TEST(Outcome(w.as.at(actor).Call("user.delete", "elid=" + w.ub)) ==
               (actor == kUserA ? "access" : "missed"));
  }
  BOOST_TEST(Outcome(w.as.at(kResellerB).Call("user.delete", "elid=" + w.ua2 + ",+" + w.ub)) ==
             "missed");
  BOOST_TEST(FindRow(As::Admin().Call("user", "p_cnt=1000"), w.ub));  // the group was refused whole
  // A reseller creates users only under itself, whatever owner= says.
  const std::string u = Unique("iun");
  BOOST_TEST(
      IsOk(w.as.at(kResellerA)
               .Call("user.edit", "sok=ok&name=" + u + "&passwd=" + kPassword + "&owner=" + w.rb)));
  BOOST_TEST(FindRow(As::Admin().Call("user", "p_cnt=1000"), u).child_value("owner") == w.ra);
  BOOST_TEST(IsOk(w.as.at(kResellerA).Call("user.delete", "elid=" + u)));
}

// Reseller functions reach a reseller's sub-resellers only: a reseller itself, or a sibling, is
// "missed" to another reseller (and to itself), and users may not call them at all.
BOOST_AUTO_TEST_CASE(reseller_functions_reach_only_sub_resellers) {
  World w;
  const char* funcs[] = {"reseller.edit", "reseller.suspend", "reseller.resume", "reseller.delete",
                         "reseller.su",   "reseller.disable", "reseller.enable", "reseller.access"};
  for (const char* func : funcs) {
    for (Actor actor : {kResellerA, kUserA, kResellerB}) {
      pugi::xml_document reply = w.as.at(actor).Call(func, "elid=" + w.ra);
      BOOST_TEST(Outcome(reply) == (actor == kUserA ? "access" : "missed"),
                 func << " by " << kActorNames[actor]);
    }
  }
  for (Actor actor : {kResellerA, kResellerB}) {
    BOOST_TEST(!FindRow(w.as.at(actor).Call("reseller"), w.ra), kActorNames[actor]);
    BOOST_TEST(!FindRow(w.as.at(actor).Call("reseller"), w.rb), kActorNames[actor]);
  }
  BOOST_TEST(Outcome(w.as.at(kUserA).Call("reseller")) == "access");
  BOOST_TEST(FindRow(As::Admin().Call("reseller", "name=" + w.ra), w.ra).child_value("active") ==
             std::string("on"));
  BOOST_TEST(Outcome(As::Admin().Call("reseller.edit", "elid=" + w.ua)) ==
             "missed");  // a user is not a reseller
}

// Scope against the tree, over the registry: every reseller.* and user.* function that takes an
// elid, called by a reseller with a sub-reseller, by that sub-reseller and by a user, on own,
// child, grandchild, sibling and parent accounts. Out-of-scope targets must be exactly "missed"
// (even with sok=ok, which would change them) and stay unchanged; in-scope ones must be readable
// (forms and lists). Widening or narrowing the scope predicate fails it.
BOOST_AUTO_TEST_CASE(every_account_function_follows_the_tree) {
  const std::string a = Unique("ta"), s = Unique("ts"), s2 = Unique("tt"), b = Unique("tb");
  const std::string ua = Unique("tua"), us = Unique("tus"), us2 = Unique("tut"), ub = Unique("tub");
  MakeReseller(a, "may_resell=on");
  MakeReseller(b);
  const As as_a = As::Login(a, kPassword);
  for (const std::string& sub : {s, s2})
    BOOST_REQUIRE(IsOk(as_a.Call("reseller.edit", "sok=ok&name=" + sub + "&passwd=" + kPassword)));
  MakeUser(as_a, ua);
  MakeUser(As::Login(s, kPassword), us);
  MakeUser(As::Login(s2, kPassword), us2);
  MakeUser(As::Login(b, kPassword), ub);
  const std::string admin = TestEnv("ADMIN_LOGIN");

  struct Actor {
    std::string name;
    As as;
    std::vector<std::string> reachable;  // accounts it may act on
    std::vector<std::string> foreign;    // accounts it must not reach
  };
  const std::vector<Actor> actors = {
      {"reseller", as_a, {s, s2, ua, us, us2}, {a, b, ub, admin}},
      {"sub-reseller", As::Login(s, kPassword), {us}, {s, a, s2, b, ua, us2, ub, admin}},
  };
  resellermgr::core::FunctionRegistry registry;
  resellermgr::RegisterAllFunctions(registry);
  const auto level_of = [&](const std::string& name) {
    for (const std::string& r : {a, s, s2, b}) {
      if (r == name) return 24;
    }
    return name == admin ? 29 : 16;
  };
  int cells = 0;
  for (const std::string& func : registry.Names()) {
    const bool resellers = func.starts_with("reseller.");
    if (!(resellers || func.starts_with("user.")) || func == "reseller.message" ||
        func.ends_with(".filter") || func == "user.add" || func == "user.add.finish")
      continue;
    const auto* spec = registry.Find(func);
    const int target_level = resellers ? 24 : 16;
    for (const Actor& actor : actors) {
      for (const std::string& target : actor.foreign) {
        const std::string query = "elid=" + target + "&owner=" + actor.name + "&sok=ok";
        const auto reply = actor.as.Call(func, query);
        BOOST_TEST(ErrorType(reply) == "missed", func << " by " << actor.name << " on foreign "
                                                      << target << ": " << ErrorType(reply) << "/"
                                                      << ErrorObjectOf(reply));
        ++cells;
      }
      if (spec->effect == resellermgr::core::Effect::kChanges) continue;
      for (const std::string& target : actor.reachable) {
        if (level_of(target) != target_level) continue;
        const auto reply = actor.as.Call(func, "elid=" + target);
        BOOST_TEST(!ErrorOf(reply), func << " by " << actor.name << " on its " << target << ": "
                                         << ErrorType(reply) << "/" << ErrorObjectOf(reply));
        ++cells;
      }
    }
  }
  BOOST_TEST(cells > 100);
  // Nothing out of scope changed.
  for (const std::string& r : {a, b})
    BOOST_TEST(FindRow(As::Admin().Call("reseller", "name=" + r), r).child_value("active") ==
               std::string("on"));
  BOOST_TEST(FindRow(As::Admin().Call("user", "name=" + ub), ub).child_value("active") ==
             std::string("on"));
  BOOST_TEST(FindRow(As::Admin().Call("user", "name=" + ua), ua).child_value("active") ==
             std::string("on"));
}

BOOST_AUTO_TEST_SUITE_END()
