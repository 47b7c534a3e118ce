#include "web/html_view.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <stdexcept>

using resellermgr::web::HtmlView;

namespace {

std::string PanelStylesheet() {
  return std::string(RESELLERMGR_SOURCE_DIR) + "/templates/panel.xsl";
}

std::string WriteTemp(const std::string& text) {
  char path[] = "/tmp/rm_view_XXXXXX";
  const int fd = mkstemp(path);
  BOOST_REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(path) << text;
  return path;
}

pugi::xml_document Page(const std::string& xml) {
  pugi::xml_document page;
  BOOST_REQUIRE(page.load_string(xml.c_str()));
  return page;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A list page as web::Panel builds it, with a hostile value in a cell.
constexpr char kListPage[] = R"(<page kind="list" func="thing" lang="en" list="">
  <session login="admin" account="admin" level="29" csrf="tok123"/>
  <metadata name="thing" type="list" key="name">
    <toolbar><toolbtn func="thing.delete" type="group" name="delete" confirm="yes"/></toolbar>
    <coldata><col name="name" type="data"/><col name="note" type="data"/>
      <col name="disk" type="indicator"/></coldata>
  </metadata>
  <msgs><msg name="title">Things</msg><msg name="note">Note</msg></msgs>
  <doc><elem><name>t1</name><note>&lt;script&gt;alert(1)&lt;/script&gt;</note>
    <disk used="5" limit="10">5 / 10</disk></elem>
    <p_num>1</p_num><p_cnt>20</p_cnt><p_elems>1</p_elems></doc>
  <params><func>thing</func></params>
</page>)";

}  // namespace

BOOST_AUTO_TEST_SUITE(html_view)

BOOST_AUTO_TEST_CASE(a_list_page_escapes_values_and_posts_actions_with_the_token) {
  const HtmlView view(PanelStylesheet());
  const std::string html = view.Render(Page(kListPage));
  BOOST_TEST(html.rfind("<!DOCTYPE html", 0) == 0u);
  BOOST_TEST(Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  BOOST_TEST(!Contains(html, "<script>alert"));
  BOOST_TEST(Contains(html, "<title>Things · resellermgr</title>"));
  BOOST_TEST(Contains(html, "<form method=\"post\" action=\"ispmgr\" id=\"list-form\">"));
  BOOST_TEST(Contains(html, "name=\"csrf\" value=\"tok123\""));
  BOOST_TEST(Contains(html, "<meter min=\"0\" max=\"10\" value=\"5\""));
  BOOST_TEST(Contains(html, "<button type=\"submit\" name=\"func\" value=\"thing.delete\""));
}

BOOST_AUTO_TEST_CASE(a_form_page_keeps_rejected_values_and_never_a_password) {
  const HtmlView view(PanelStylesheet());
  const std::string html =
      view.Render(Page(R"(<page kind="form" func="thing.edit" lang="en" list="thing">
    <session login="admin" account="admin" level="29" csrf="tok"/>
    <metadata name="thing.edit" type="form"><form><page name="main">
      <field name="name"><input type="text" name="name" maxlength="32" required="yes"/></field>
      <field name="passwd"><input type="password" name="passwd"/></field>
      <field name="shell"><input type="checkbox" name="shell" check="flag"/></field>
    </page></form></metadata>
    <msgs><msg name="name">Name</msg><msg name="hint_name">Lowercase</msg></msgs>
    <doc><name></name><shell>off</shell></doc>
    <params/>
    <values><v name="name">ty'ped"name</v><v name="shell">on</v></values>
    <error type="value" object="name"><msg>Invalid value of the field 'name'</msg><detail>x</detail></error>
  </page>)"));
  BOOST_TEST(Contains(html, "value=\"ty'ped&quot;name\""));
  BOOST_TEST(Contains(html, "id=\"error-name\""));
  BOOST_TEST(Contains(html, "<small class=\"hint\">Lowercase</small>"));
  BOOST_TEST(Contains(html, "name=\"shell\" value=\"on\" checked"));
  BOOST_TEST(Contains(html, "<input type=\"password\" id=\"f-passwd\" name=\"passwd\""));
  BOOST_TEST(Contains(html, "href=\"ispmgr?func=thing\""));  // cancel goes back to the list
}

BOOST_AUTO_TEST_CASE(a_stylesheet_may_not_read_files) {
  const std::string path = WriteTemp(R"xsl(<xsl:stylesheet version="1.0"
      xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
    <xsl:template match="/"><out><xsl:copy-of select="document('/etc/hostname')"/></out></xsl:template>
  </xsl:stylesheet>)xsl");
  const HtmlView view(path);
  BOOST_CHECK_THROW(view.Render(Page("<page/>")), std::runtime_error);
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(a_missing_or_broken_stylesheet_is_a_start_up_error) {
  BOOST_CHECK_THROW(HtmlView("/nonexistent/panel.xsl"), std::runtime_error);
  const std::string path = WriteTemp("<xsl:stylesheet version=\"1.0\"");
  BOOST_CHECK_THROW(HtmlView view(path), std::runtime_error);
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_SUITE_END()
