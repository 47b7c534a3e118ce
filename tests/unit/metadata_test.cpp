#include "core/metadata.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>

#include "core/errors.h"

using namespace resellermgr::core;

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
