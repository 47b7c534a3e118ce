#include "core/metadata.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "base/errors.h"

using namespace resellermgr::core;
using namespace resellermgr::base;

namespace {

std::string WriteTemp(const std::string& text) {
  char path[] = "/tmp/rm_metadata_XXXXXX";
  const int fd = mkstemp(path);
  BOOST_REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(path) << text;
  return path;
}

Request FormRequest(const std::string& query) { return Request::Parse({"POST", query}, {}); }

const char kForm[] = R"(<mgrdata><metadata name="thing.edit" type="form"><form><page name="main">
  <field name="title"><input type="text" name="title" maxlength="5"/></field>
  <field name="mail"><input type="text" name="mail" check="email"/></field>
  <field name="count"><input type="text" name="count" check="int"/></field>
</page></form></metadata></mgrdata>)";

std::string RejectedField(const Metadata& metadata, const std::string& query) {
  try {
    metadata.ValidateForm("thing.edit", FormRequest(query));
  } catch (const PluginError& e) {
    return e.object();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metadata)

BOOST_AUTO_TEST_CASE(fields_are_checked_as_declared) {
  const std::string path = WriteTemp(kForm);
  const Metadata metadata = Metadata::LoadFile(path);
  BOOST_TEST(RejectedField(metadata, "title=abcde&mail=a%40b.c&count=12") == "");
  BOOST_TEST(RejectedField(metadata, "title=abcdef") == "title");
  BOOST_TEST(RejectedField(metadata, "title=%D1%8F%D1%8F%D1%8F%D1%8F%D1%8F") ==
             "");  // 5 characters, 10 bytes
  BOOST_TEST(RejectedField(metadata, "mail=nobody") == "mail");
  BOOST_TEST(RejectedField(metadata, "count=-1") == "count");
  BOOST_TEST(RejectedField(metadata, "count=") == "");   // empty: no limit
  BOOST_TEST(RejectedField(metadata, "other=x") == "");  // undeclared fields are the handler's
  metadata.ValidateForm("no.such.form", FormRequest("title=abcdefgh"));
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(an_unknown_check_type_is_a_start_up_error) {
  const std::string path =
      WriteTemp(R"(<mgrdata><metadata name="x" type="form"><form><page name="p">
    <field name="f"><input type="text" name="f" check="colour"/></field></page></form></metadata></mgrdata>)");
  BOOST_CHECK_THROW(Metadata::LoadFile(path), std::runtime_error);
  std::remove(path.c_str());
  BOOST_CHECK_THROW(Metadata::LoadFile("/nonexistent/metadata.xml"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(a_function_declared_twice_in_one_file_is_a_start_up_error) {
  // Before, the later declaration silently won for the form checks and the first for nothing.
  const std::string twice =
      std::string(kForm).replace(std::string(kForm).find("</mgrdata>"), 10,
                                 R"(<metadata name="thing.edit" type="form"/></mgrdata>)");
  const std::string path = WriteTemp(twice);
  BOOST_CHECK_THROW(Metadata::LoadFile(path), std::runtime_error);
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(the_shipped_metadata_loads_and_declares_every_limit) {
  const Metadata metadata =
      Metadata::LoadFile(std::string(RESELLERMGR_SOURCE_DIR) + "/xml/ispmgr_mod_resellermgr.xml");
  // A declared check applies to the real forms: limit_quota is an int in reseller.edit.
  try {
    metadata.ValidateForm("reseller.edit", FormRequest("limit_quota=lots"));
    BOOST_FAIL("limit_quota=lots was accepted");
  } catch (const PluginError& e) {
    BOOST_TEST(e.object() == "limit_quota");
  }
}

BOOST_AUTO_TEST_SUITE_END()

// The shipped metadata: every label the panel shows exists in both languages, so no page shows
// a bare field name. Labels are looked up as the panel does: the "ui" section, then the list that
// offers the function, then the function's own section.
BOOST_AUTO_TEST_SUITE(shipped_metadata)

BOOST_AUTO_TEST_CASE(every_field_column_button_and_page_has_an_english_and_a_russian_label) {
  const std::string path = std::string(RESELLERMGR_SOURCE_DIR) + "/xml/ispmgr_mod_resellermgr.xml";
  const Metadata metadata = Metadata::LoadFile(path);
  const Messages messages = Messages::LoadFile(path);
  pugi::xml_document document;
  BOOST_TEST_REQUIRE(static_cast<bool>(document.load_file(path.c_str())));
  int checked = 0;
  for (pugi::xml_node node : document.child("mgrdata").children("metadata")) {
    const std::string func = node.attribute("name").value();
    if (func.ends_with(".filter")) continue;  // shown inline, labelled filter_* in "ui"
    std::vector<std::string> names = {"title"};
    for (pugi::xpath_node item :
         node.select_nodes("form/page | form//field | coldata/col | toolbar/toolbtn")) {
      names.emplace_back(item.node().attribute("name").value());
    }
    for (const char* lang : {"en", "ru"}) {
      for (const std::string& name : names) {
        bool found = false;
        for (const std::string& section : {std::string("ui"), metadata.ListOf(func), func}) {
          found = found || messages.Section(lang, section).count(name) > 0;
        }
        BOOST_TEST(found, func << ": no " << lang << " label for '" << name << "'");
        ++checked;
      }
    }
  }
  BOOST_TEST(checked > 100);
}

BOOST_AUTO_TEST_CASE(russian_has_every_message_english_has) {
  const std::string path = std::string(RESELLERMGR_SOURCE_DIR) + "/xml/ispmgr_mod_resellermgr.xml";
  pugi::xml_document document;
  BOOST_TEST_REQUIRE(static_cast<bool>(document.load_file(path.c_str())));
  pugi::xml_node ru = document.child("mgrdata").find_child_by_attribute("lang", "name", "ru");
  for (pugi::xml_node section :
       document.child("mgrdata").find_child_by_attribute("lang", "name", "en").children()) {
    pugi::xml_node ru_section =
        ru.find_child_by_attribute("messages", "name", section.attribute("name").value());
    for (pugi::xml_node msg : section.children("msg")) {
      BOOST_TEST(static_cast<bool>(ru_section.find_child_by_attribute(
                     "msg", "name", msg.attribute("name").value())),
                 section.attribute("name").value()
                     << "/" << msg.attribute("name").value() << " has no Russian text");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

// Families add their buttons to another family's list from their own files (core/mgrdata.cpp):
// the merged toolbars are the ones clients and the panel always had, in the same order.
BOOST_AUTO_TEST_CASE(families_extend_another_familys_toolbar_in_place) {
  const Metadata metadata =
      Metadata::LoadFile(std::string(RESELLERMGR_SOURCE_DIR) + "/xml/ispmgr_mod_resellermgr.xml");
  const auto names = [&](const char* func) {
    std::string joined;
    for (pugi::xml_node b : metadata.Find(func).child("toolbar").children("toolbtn"))
      joined += std::string(joined.empty() ? "" : " ") + b.attribute("name").value();
    return joined;
  };
  BOOST_TEST(names("reseller") ==
             "new edit delete suspend resume su ask_access move access brand certificate template report filter message");
  BOOST_TEST(names("user") == "new edit delete suspend resume su services message ask_access template move");
  BOOST_TEST(!metadata.Find("reseller")
                  .child("toolbar")
                  .find_child_by_attribute("toolbtn", "after", "access"));
  BOOST_TEST(metadata.ToolButton("brand.edit").attribute("name").as_string() ==
             std::string("brand"));
}

BOOST_AUTO_TEST_CASE(a_family_file_may_extend_a_toolbar_but_not_redeclare_a_function) {
  const std::string dir =
      std::filesystem::temp_directory_path() / ("rm_merge_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/m.xml") << R"(<mgrdata><metadata name="l" type="list"><toolbar>
      <toolbtn func="l.a" name="a"/><toolbtn func="l.c" name="c"/></toolbar></metadata></mgrdata>)";
  std::ofstream(dir + "/m_x.xml") << R"(<mgrdata><metadata name="l"><toolbar>
      <toolbtn func="x.b" name="b" after="a"/><toolbtn func="x.z" name="z"/></toolbar></metadata>
      </mgrdata>)";
  const Metadata merged = Metadata::LoadFile(dir + "/m.xml");
  std::string order;
  for (pugi::xml_node b : merged.Find("l").child("toolbar").children("toolbtn"))
    order += b.attribute("name").value();
  BOOST_TEST(order == "abcz");
  // A form's page gains the fields another family's file adds to it.
  std::ofstream(dir + "/m.xml") << R"(<mgrdata><metadata name="l" type="list"><toolbar>
      <toolbtn func="l.a" name="a"/><toolbtn func="l.c" name="c"/></toolbar></metadata>
      <metadata name="f" type="form"><form><page name="main">
      <field name="one"><input type="text" name="one" maxlength="4"/></field></page></form>
      </metadata></mgrdata>)";
  std::ofstream(dir + "/m_z.xml") << R"(<mgrdata><metadata name="f"><form><page name="main">
      <field name="two"><input type="text" name="two" maxlength="8"/></field></page></form>
      </metadata></mgrdata>)";
  const Metadata extended = Metadata::LoadFile(dir + "/m.xml");
  std::string fields;
  for (pugi::xml_node f : extended.Find("f").child("form").child("page").children("field"))
    fields += f.attribute("name").value();
  BOOST_TEST(fields == "onetwo");
  // A second declaration of a function (it has a type of its own) is a start-up error.
  std::ofstream(dir + "/m_y.xml") << R"(<mgrdata><metadata name="l" type="form"><form/></metadata>
      </mgrdata>)";
  BOOST_CHECK_THROW(Metadata::LoadFile(dir + "/m.xml"), std::runtime_error);
  std::filesystem::remove_all(dir);
}
