#include "core/render.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "core/messages.h"
#include "core/reply.h"

using namespace resellermgr::core;
using namespace resellermgr::base;

namespace {

const Messages& TestMessages() {
  static const Messages messages = Messages::LoadString(R"(<mgrdata>
    <lang name="en"><messages name="msgerror">
      <msg name="msg_error_value">Invalid value of the field '__object__'</msg>
      <msg name="msg_error_missed_func">Unknown function '__value__'</msg>
    </messages></lang>
    <lang name="ru"><messages name="msgerror">
      <msg name="msg_error_value">Неверное значение поля '__object__'</msg>
    </messages></lang></mgrdata>)");
  return messages;
}

Reply TwoRowList() {
  Reply reply;
  reply.AddRow().Set("name", "r1").Set("active", "on");
  reply.AddRow().Set("name", "r2").Set("active", "off");
  return reply;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(render)

BOOST_AUTO_TEST_CASE(ok_in_every_format) {
  const Reply ok = Reply::Ok();
  Rendered xml = Render(ok, OutputFormat::kXml);
  BOOST_TEST(xml.content_type == "text/xml");
  BOOST_TEST(xml.body == R"(<?xml version="1.0" encoding="UTF-8"?><doc><ok/></doc>)");
  Rendered json = Render(ok, OutputFormat::kJson);
  BOOST_TEST(json.content_type == "application/json");
  BOOST_TEST(json.body == R"({"doc":{"ok":{}}})");
  BOOST_TEST(Render(ok, OutputFormat::kText).body == "OK ");  // exactly three bytes (API.md)
}

BOOST_AUTO_TEST_CASE(list_rows_in_every_format) {
  const Reply list = TwoRowList();
  BOOST_TEST(
      Render(list, OutputFormat::kXml).body ==
      R"(<?xml version="1.0" encoding="UTF-8"?><doc><elem><name>r1</name><active>on</active></elem>)"
      R"(<elem><name>r2</name><active>off</active></elem></doc>)");
  auto json = nlohmann::json::parse(Render(list, OutputFormat::kJson).body);
  BOOST_TEST(json["doc"]["elem"].size() == 2u);
  BOOST_TEST(json["doc"]["elem"][1]["name"]["$"] == "r2");
  BOOST_TEST(Render(list, OutputFormat::kText).body == "name=r1 active=on\nname=r2 active=off\n");
}

BOOST_AUTO_TEST_CASE(a_stored_control_character_never_makes_the_reply_ill_formed) {
  // Such values are refused at the door now, but rows written before (the audit log keeps
  // them forever) still reach replies.
  Reply reply;
  reply.AddRow()
      .Add("params")
      .Attr("note", "x\x1f\xEF\xBF\xBEy")
      .Text(
          "fullname=a\x01"
          "b\tc");
  const std::string xml = Render(reply, OutputFormat::kXml).body;
  BOOST_TEST(xml.find("<params note=\"x\uFFFD\uFFFDy\">fullname=a\uFFFDb\tc</params>") !=
                 std::string::npos,
             xml);
  BOOST_TEST(xml.find("&#") == std::string::npos, xml);
  pugi::xml_document parsed;
  BOOST_TEST(static_cast<bool>(parsed.load_string(xml.c_str())));
}

BOOST_AUTO_TEST_CASE(single_elem_is_still_an_array_and_attributes_get_dollar_names) {
  Reply reply;
  reply.AddRow().Add("quota").Attr("used", 1817).Attr("limit", 4950).Text("1817 / 4950");
  auto json = nlohmann::json::parse(Render(reply, OutputFormat::kJson).body);
  BOOST_REQUIRE(json["doc"]["elem"].is_array());
  const auto& quota = json["doc"]["elem"][0]["quota"];
  BOOST_TEST(quota["$used"] == "1817");
  BOOST_TEST(quota["$limit"] == "4950");
  BOOST_TEST(quota["$"] == "1817 / 4950");
}

BOOST_AUTO_TEST_CASE(repeated_children_become_arrays) {
  Reply reply;
  reply.Root().Set("x", "1").Set("x", "2").Set("y", "3");
  auto json = nlohmann::json::parse(Render(reply, OutputFormat::kJson).body);
  BOOST_TEST(json["doc"]["x"].size() == 2u);
  BOOST_TEST(json["doc"]["y"]["$"] == "3");
}

BOOST_AUTO_TEST_CASE(special_characters_are_escaped_and_round_trip) {
  const std::string nasty = "<b>&\"'</b> ]]> \xD1\x8F";
  Reply reply;
  reply.Root().Add("v").Attr("a", nasty).Text(nasty);
  const std::string xml = Render(reply, OutputFormat::kXml).body;
  BOOST_TEST(xml.find("<b>") == std::string::npos);
  pugi::xml_document parsed;
  BOOST_REQUIRE(parsed.load_string(xml.c_str()));
  BOOST_TEST(parsed.child("doc").child_value("v") == nasty);
  BOOST_TEST(parsed.child("doc").child("v").attribute("a").value() == nasty);
  auto json = nlohmann::json::parse(Render(reply, OutputFormat::kJson).body);
  BOOST_TEST(json["doc"]["v"]["$"] == nasty);
  BOOST_TEST(json["doc"]["v"]["$a"] == nasty);
}

BOOST_AUTO_TEST_CASE(errors_carry_isp5_and_isp4_attributes_and_localized_text) {
  const Reply error = Reply::Error(
      PluginError(ErrorKind::kInvalidValue, "email", "x@", "bad address"), TestMessages(), "en");
  pugi::xml_document doc;
  BOOST_REQUIRE(doc.load_string(Render(error, OutputFormat::kXml).body.c_str()));
  pugi::xml_node e = doc.child("doc").child("error");
  BOOST_TEST(e.attribute("type").value() == std::string("value"));
  BOOST_TEST(e.attribute("object").value() == std::string("email"));
  BOOST_TEST(e.attribute("code").as_int() == 4);
  BOOST_TEST(e.attribute("val").value() == std::string("email"));
  BOOST_TEST(e.child_value("msg") == std::string("Invalid value of the field 'email'"));
  BOOST_TEST(e.child_value("detail") == std::string("bad address"));
  BOOST_TEST(e.find_child_by_attribute("param", "name", "value").child_value() ==
             std::string("x@"));

  const Reply ru =
      Reply::Error(PluginError(ErrorKind::kInvalidValue, "email"), TestMessages(), "ru");
  BOOST_TEST(Render(ru, OutputFormat::kText).body ==
             "ERROR value(email): Неверное значение поля 'email'\n");

  const Reply missed =
      Reply::Error(PluginError(ErrorKind::kNotFound, "func", "nope"), TestMessages(), "ru");
  auto json = nlohmann::json::parse(Render(missed, OutputFormat::kJson).body);
  BOOST_TEST(json["doc"]["error"]["$type"] == "missed");
  BOOST_TEST(json["doc"]["error"]["$obj"] == "func");
  BOOST_TEST(json["doc"]["error"]["param"].size() == 2u);
  BOOST_TEST(json["doc"]["error"]["msg"][0]["$"] == "Unknown function 'nope'");  // en fallback
}

BOOST_AUTO_TEST_CASE(text_escapes_what_would_forge_a_row_a_key_or_an_error_line) {
  Reply list;
  list.AddRow().Set("name", "u1").Set("fullname", "Bob\nname=forged active=on\r\\");
  list.AddRow().Set("name", "u2").Set("fullname", "plain");
  BOOST_TEST(Render(list, OutputFormat::kText).body ==
             "name=u1 fullname=Bob\\nname\\=forged active\\=on\\r\\\\\n"
             "name=u2 fullname=plain\n");

  Reply form;
  form.Root().Set("fullname", "a\nOK ");
  BOOST_TEST(Render(form, OutputFormat::kText).body == "fullname=a\\nOK \n");

  const Reply error =
      Reply::Error(PluginError(ErrorKind::kNotFound, "func", "x\nOK a=b"), TestMessages(), "en");
  BOOST_TEST(Render(error, OutputFormat::kText).body ==
             "ERROR missed(func): Unknown function 'x\\nOK a=b'\n");
}

BOOST_AUTO_TEST_CASE(text_shows_data_carried_in_attributes_only) {
  Reply reply;
  reply.Root().Add("accounts").Attr("level", 16).Attr("total", "3 a=b");
  reply.Root().Add("user").Attr("level", 29).Text("admin");  // text wins, as before
  BOOST_TEST(Render(reply, OutputFormat::kText).body ==
             "accounts: level=16 total=3 a\\=b\nuser=admin\n");
}

BOOST_AUTO_TEST_CASE(output_format_names) {
  BOOST_TEST((ParseOutputFormat("xml") == OutputFormat::kXml));
  BOOST_TEST((ParseOutputFormat("devel") == OutputFormat::kXml));
  BOOST_TEST((ParseOutputFormat("sjson") == OutputFormat::kJson));
  BOOST_TEST((ParseOutputFormat("text") == OutputFormat::kText));
  BOOST_TEST(!ParseOutputFormat("yaml").has_value());
}

BOOST_AUTO_TEST_CASE(a_row_leaves_out_cells_without_a_value_in_every_format) {
  Reply list;
  list.AddRow().Set("name", "u1").Set("quota_total", "").Add("disabled");
  list.AddRow().Set("name", "u2").Set("quota_total", "500");
  list.Root().Set("p_elems", "");  // outside a row an empty element stays what it was
  BOOST_TEST(
      Render(list, OutputFormat::kXml).body ==
      R"(<?xml version="1.0" encoding="UTF-8"?><doc><elem><name>u1</name><disabled/></elem>)"
      R"(<elem><name>u2</name><quota_total>500</quota_total></elem><p_elems></p_elems></doc>)");
  BOOST_TEST(Render(list, OutputFormat::kJson).body.find("\"quota_total\":{}") ==
             std::string::npos);
  BOOST_TEST(Render(list, OutputFormat::kText).body.starts_with("name=u1 disabled=\n"));
  // CSV: the columns of every row, not only the first one's.
  BOOST_TEST(Render(list, OutputFormat::kCsv).body ==
             "name,disabled,quota_total\r\nu1,,\r\nu2,,500\r\n");
}

BOOST_AUTO_TEST_CASE(csv_neutralises_every_formula_start_tab_and_cr_included) {
  Reply list;
  for (const char* value : {"=1+1", "\t=1+1", "\r=1+1", "@SUM(A1)", "-12.5", "+7"})
    list.AddRow().Set("v", value);
  BOOST_TEST(Render(list, OutputFormat::kCsv).body ==
             "v\r\n'=1+1\r\n'\t=1+1\r\n\"'\r=1+1\"\r\n'@SUM(A1)\r\n-12.5\r\n'+7\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
