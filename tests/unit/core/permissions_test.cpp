// Rights, address lists, the dispatcher's permission stages and the merged metadata: the parts of
// organisations (issue 10) that need no services.

#include "core/permissions.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "base/errors.h"
#include "core/function_registry.h"
#include "core/ip_list.h"
#include "core/mgrdata.h"
#include "core/stages.h"
#include "worker.h"

using namespace resellermgr::core;
using namespace resellermgr::base;

namespace {

Request RequestWith(const std::string& query, const std::string& method = "GET") {
  RawRequest raw;
  raw.method = method;
  if (method == "POST") {
    raw.body = query;
    raw.content_type = "application/x-www-form-urlencoded";
  } else {
    raw.query = query;
  }
  return Request::Parse(raw, ParamLimits{});
}

ErrorKind KindOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const PluginError& e) {
    return e.kind();
  }
  BOOST_FAIL("no PluginError");
  return ErrorKind::kInternal;
}

std::string ObjectOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const PluginError& e) {
    return e.object();
  }
  return "";
}

FunctionSpec Spec(Effect effect, const std::string& group, Action action) {
  FunctionSpec spec{AccessLevel::kReseller, effect, nullptr, Gate::kNormal, group, "x"};
  spec.action = action;
  return spec;
}

Caller Staff(const std::string& rights) {
  Caller caller;
  caller.level = AccessLevel::kReseller;
  caller.method = AuthMethod::kSessionParam;
  caller.permissions.owner = false;
  caller.permissions.group = *Rights::Parse(rights);
  return caller;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rights)

BOOST_AUTO_TEST_CASE(parse_is_canonical_and_strict) {
  auto rights = Rights::Parse(" users:edit , users:read,tickets:*");
  BOOST_REQUIRE(rights);
  BOOST_TEST(rights->ToString() ==
             "users:read,users:edit,tickets:read,tickets:edit,tickets:suspend,tickets:delete");
  BOOST_TEST(rights->Has("users", Action::kRead));
  BOOST_TEST(!rights->Has("users", Action::kDelete));
  BOOST_TEST(!rights->Has("domains", Action::kRead));  // not an area of ours
  for (const char* bad : {"users", "users:fly", "fish:read", ":read", "users:"})
    BOOST_TEST(!Rights::Parse(bad), bad);
  BOOST_TEST(Rights::Parse("")->empty());
  BOOST_TEST((*Rights::Parse(Rights::All().ToString()) == Rights::All()));
}

BOOST_AUTO_TEST_CASE(covers_intersect_and_read_only) {
  const Rights support = *Rights::Parse("users:read,users:suspend,tickets:read,tickets:edit");
  BOOST_TEST(support.Covers(*Rights::Parse("users:read")));
  BOOST_TEST(!support.Covers(*Rights::Parse("users:read,users:delete")));
  BOOST_TEST(support.ReadOnly().ToString() == "users:read,tickets:read");
  BOOST_TEST(support.Intersect(*Rights::Parse("users:*")).ToString() == "users:read,users:suspend");
  BOOST_TEST(Rights::All().Covers(support));
}

BOOST_AUTO_TEST_CASE(owners_hold_everything_staff_their_group_tokens_at_most_their_scope) {
  Permissions owner;
  BOOST_TEST(owner.Allows("users", Action::kDelete));
  BOOST_TEST(owner.FullOwner());
  Permissions staff;
  staff.owner = false;
  BOOST_TEST(!staff.Allows("users", Action::kRead));  // default deny
  staff.group = *Rights::Parse("users:read");
  BOOST_TEST(staff.Allows("users", Action::kRead));
  BOOST_TEST((staff.Held() == staff.group));
  owner.token = *Rights::Parse("users:read,users:edit");
  BOOST_TEST(!owner.FullOwner());
  BOOST_TEST(owner.Allows("users", Action::kEdit));
  BOOST_TEST(!owner.Allows("users", Action::kDelete));
  staff.token = Rights::All();
  BOOST_TEST(!staff.Allows("users", Action::kEdit));  // a token never widens its login
  BOOST_TEST(staff.Held().ToString() == "users:read");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ip_lists)

BOOST_AUTO_TEST_CASE(lists_are_normalised_and_bad_entries_named) {
  auto list = NormaliseIpList("192.0.2.77/24,  2001:DB8::1/32\n10.0.0.1 ::ffff:198.51.100.9/120");
  BOOST_REQUIRE(std::holds_alternative<std::string>(list));
  BOOST_TEST(std::get<std::string>(list) == "192.0.2.0/24,2001:db8::/32,10.0.0.1,198.51.100.0/24");
  BOOST_TEST(std::get<std::string>(NormaliseIpList("")).empty());
  for (const char* bad : {"10.0.0.1/33", "300.1.1.1", "10.0.0.0/", "a.b.c.d", "10.0.0.1/8x",
                          "::1/129", "10.0.0.1/-1", "fe80::1%eth0"}) {
    auto result = NormaliseIpList(std::string("10.0.0.1,") + bad);
    BOOST_REQUIRE_MESSAGE(std::holds_alternative<IpListError>(result), bad);
    BOOST_TEST(std::get<IpListError>(result).entry == bad);
  }
}

BOOST_AUTO_TEST_CASE(membership) {
  const std::string list = std::get<std::string>(NormaliseIpList("192.0.2.0/24,2001:db8::/32"));
  BOOST_TEST(IpListAllows(list, "192.0.2.200"));
  BOOST_TEST(IpListAllows(list, "::ffff:192.0.2.1"));
  BOOST_TEST(IpListAllows(list, "2001:db8:ffff::1"));
  BOOST_TEST(!IpListAllows(list, "192.0.3.1"));
  BOOST_TEST(!IpListAllows(list, "2001:db9::1"));
  BOOST_TEST(!IpListAllows(list, ""));
  BOOST_TEST(!IpListAllows(list, "garbage"));
  BOOST_TEST(IpListAllows("", "anything"));  // no lock
  BOOST_TEST(IpListAllows(std::get<std::string>(NormaliseIpList("0.0.0.0/0")), "203.0.113.5"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(stages)

BOOST_AUTO_TEST_CASE(level_and_password_gate) {
  const FunctionSpec spec = Spec(Effect::kReads, "users", Action::kRead);
  Caller guest;
  BOOST_TEST(ObjectOf([&] { CheckLevel(spec, guest, "user"); }) == "unauthorized");
  guest.session_rejected = true;
  BOOST_TEST(ObjectOf([&] { CheckLevel(spec, guest, "user"); }) == "session");
  Caller user = Staff("");
  user.level = AccessLevel::kUser;
  BOOST_TEST((KindOf([&] { CheckLevel(spec, user, "user"); }) == ErrorKind::kAccessDenied));
  Caller reseller = Staff("users:read");
  CheckLevel(spec, reseller, "user");
  reseller.must_change_password = true;
  BOOST_TEST(ObjectOf([&] { CheckPasswordGate(spec, reseller); }) == "password_change");
}

BOOST_AUTO_TEST_CASE(permission_follows_the_action_of_the_call) {
  const FunctionSpec form = Spec(Effect::kSubmits, "users", Action::kEdit);
  const Caller reader = Staff("users:read");
  CheckPermission(form, reader, /*submitted=*/false, "user.edit");  // showing the form reads
  BOOST_TEST(ObjectOf([&] { CheckPermission(form, reader, true, "user.edit"); }) == "permission");
  const FunctionSpec open = Spec(Effect::kReads, "", Action::kRead);
  CheckPermission(open, Staff(""), false, "whoami");
  FunctionSpec closed = open;
  closed.for_tokens = false;
  Caller token = Staff("");
  token.permissions.owner = true;
  token.method = AuthMethod::kToken;
  token.permissions.token = Rights::All();
  BOOST_TEST(ObjectOf([&] { CheckPermission(closed, token, false, "usrparam"); }) == "token");
}

BOOST_AUTO_TEST_CASE(csrf_for_cookie_changes_only) {
  const FunctionSpec change = Spec(Effect::kChanges, "users", Action::kSuspend);
  Caller cookie = Staff("users:*");
  cookie.method = AuthMethod::kSessionCookie;
  cookie.csrf_token = std::string(64, 'a');
  BOOST_TEST(ObjectOf([&] { CheckCsrf(change, cookie, RequestWith("func=user.suspend")); }) ==
             "csrf");
  BOOST_TEST(ObjectOf([&] {
               CheckCsrf(change, cookie, RequestWith("csrf=" + std::string(64, 'b'), "POST"));
             }) == "csrf");
  CheckCsrf(change, cookie, RequestWith("csrf=" + std::string(64, 'a'), "POST"));
  cookie.method = AuthMethod::kSessionParam;
  CheckCsrf(change, cookie, RequestWith("func=user.suspend"));
}

BOOST_AUTO_TEST_CASE(every_grouped_function_belongs_to_a_right_area) {
  FunctionRegistry registry;
  resellermgr::RegisterAllFunctions(registry);
  for (const std::string& name : registry.Names()) {
    const FunctionSpec* spec = registry.Find(name);
    if (spec->group.empty()) continue;
    bool known = false;
    for (const std::string& area : RightAreas()) known = known || spec->group == area;
    BOOST_TEST(known, name << " is in group " << spec->group);
  }
  BOOST_TEST((registry.Find("user.delete")->action == Action::kDelete));
  BOOST_TEST((registry.Find("reseller.resume")->action == Action::kSuspend));
  // Logging in as an account is a right of its own (issue 20).
  for (const char* su : {"su", "reseller.su", "user.su"}) {
    BOOST_TEST(registry.Find(su)->group == "login_as", su);
    BOOST_TEST((registry.Find(su)->action == Action::kEdit), su);
  }
  BOOST_TEST(!registry.Find("token.edit")->for_tokens);
  BOOST_TEST(registry.Find("user")->for_tokens);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mgrdata)

BOOST_AUTO_TEST_CASE(family_files_merge_into_the_main_one) {
  const auto dir = std::filesystem::temp_directory_path() / "rm_mgrdata_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "mod.xml")
      << R"(<mgrdata><mainmenu level="29"><node name="a"><node name="x"/></node></mainmenu>
    <metadata name="x"/><lang name="en"><messages name="m"><msg name="one">1</msg></messages></lang></mgrdata>)";
  std::ofstream(dir / "mod_fam.xml")
      << R"(<mgrdata><mainmenu level="29"><node name="a"><node name="y"/></node><node name="b"><node name="z"/></node></mainmenu>
    <metadata name="y"/><lang name="en"><messages name="m"><msg name="two">2</msg></messages></lang>
    <lang name="ru"><messages name="m"><msg name="two">2</msg></messages></lang></mgrdata>)";
  std::ofstream(dir / "other.xml") << "<mgrdata><metadata name=\"ignored\"/></mgrdata>";
  pugi::xml_document doc;
  LoadMgrData((dir / "mod.xml").string(), doc);
  const pugi::xml_node root = doc.child("mgrdata");
  BOOST_TEST(root.find_child_by_attribute("metadata", "name", "y"));
  BOOST_TEST(!root.find_child_by_attribute("metadata", "name", "ignored"));
  const pugi::xml_node menu = root.find_child_by_attribute("mainmenu", "level", "29");
  BOOST_TEST(std::distance(menu.find_child_by_attribute("node", "name", "a").children().begin(),
                           menu.find_child_by_attribute("node", "name", "a").children().end()) ==
             2);
  BOOST_TEST(menu.find_child_by_attribute("node", "name", "b"));
  const pugi::xml_node en = root.find_child_by_attribute("lang", "name", "en");
  BOOST_TEST(std::distance(en.child("messages").children().begin(),
                           en.child("messages").children().end()) == 2);
  BOOST_TEST(root.find_child_by_attribute("lang", "name", "ru"));
  // A function declared twice is a start-up error.
  std::ofstream(dir / "mod_dup.xml") << "<mgrdata><metadata name=\"x\"/></mgrdata>";
  BOOST_CHECK_THROW(LoadMgrData((dir / "mod.xml").string(), doc), std::runtime_error);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_family_extends_a_form_whichever_file_declares_it) {
  const auto dir = std::filesystem::temp_directory_path() / "rm_mgrdata_extend_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "mod.xml") << "<mgrdata/>";
  // mod_a.xml comes first in name order, yet extends what mod_b.xml declares.
  std::ofstream(dir / "mod_a.xml")
      << R"(<mgrdata><metadata name="w.edit"><form><page name="main"><field name="extra"/></page></form></metadata></mgrdata>)";
  std::ofstream(dir / "mod_b.xml")
      << R"(<mgrdata><metadata name="w.edit" type="form"><form><page name="main"><field name="own"/></page></form></metadata></mgrdata>)";
  pugi::xml_document doc;
  LoadMgrData((dir / "mod.xml").string(), doc);
  const pugi::xml_node page = doc.child("mgrdata")
                                  .find_child_by_attribute("metadata", "name", "w.edit")
                                  .child("form")
                                  .child("page");
  BOOST_TEST(page.find_child_by_attribute("field", "name", "own"));
  BOOST_TEST(page.find_child_by_attribute("field", "name", "extra"));
  // Extending what no file declares is a start-up error.
  std::ofstream(dir / "mod_c.xml")
      << R"(<mgrdata><metadata name="nothing.edit"><form><page name="main"><field name="x"/></page></form></metadata></mgrdata>)";
  BOOST_CHECK_THROW(LoadMgrData((dir / "mod.xml").string(), doc), std::runtime_error);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
