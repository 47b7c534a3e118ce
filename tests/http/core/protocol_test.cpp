// The wire contract (API.md "Requests", "Replies", "Interop details") over real HTTP through nginx.

#include <boost/test/unit_test.hpp>
#include <set>

#include "core/function_registry.h"
#include "http/api.h"
#include "http/http_fixture.h"
#include "worker.h"

using namespace resellermgr::testing;

BOOST_AUTO_TEST_SUITE(protocol)

BOOST_AUTO_TEST_CASE(whoami_answers_in_xml_json_sjson_and_text) {
  HttpResponse xml = HttpGet(Url(AdminAuthinfo() + "&func=whoami&out=xml"));
  BOOST_TEST(xml.status == 200);
  BOOST_TEST(xml.content_type == "text/xml");  // exactly: some clients compare the whole header
  BOOST_TEST(xml.body.rfind(R"(<?xml version="1.0" encoding="UTF-8"?>)", 0) == 0u);
  pugi::xml_document doc = xml.Xml();
  BOOST_TEST(doc.child("doc").attribute("func").value() == std::string("whoami"));
  BOOST_TEST(doc.child("doc").child("user").attribute("name").value() == TestEnv("ADMIN_LOGIN"));
  BOOST_TEST(doc.child("doc").child("user").attribute("level").as_int() == 29);
  BOOST_TEST(doc.child("doc").child_value("user") == TestEnv("ADMIN_LOGIN"));

  for (const char* out : {"json", "sjson"}) {
    HttpResponse json = HttpGet(Url(AdminAuthinfo() + "&func=whoami&out=" + out));
    BOOST_TEST(json.content_type == "application/json");
    auto body = json.Json();
    BOOST_TEST(body["doc"]["user"]["$name"] == TestEnv("ADMIN_LOGIN"));
    BOOST_TEST(body["doc"]["user"]["$level"] == "29");
    BOOST_TEST(body["doc"]["$func"] == "whoami");
  }

  HttpResponse text = HttpGet(Url(AdminAuthinfo() + "&func=whoami&out=text"));
  BOOST_TEST(text.content_type.rfind("text/plain", 0) == 0u);
  BOOST_TEST(text.body == "user=" + TestEnv("ADMIN_LOGIN") + "\n");
}

BOOST_AUTO_TEST_CASE(every_documented_endpoint_answers) {
  for (const char* path : {"/ispmgr", "/", "/manager/ispmgr"}) {
    HttpResponse r = HttpGet(TestEnv("BASE_URL") + path + "?" + AdminAuthinfo() + "&func=whoami");
    BOOST_TEST(r.status == 200, path);
    BOOST_TEST(r.Xml().child("doc").child("user"), path);
  }
  BOOST_TEST(HttpGet(TestEnv("BASE_URL") + "/etc/passwd").status == 404);
}

BOOST_AUTO_TEST_CASE(post_body_and_query_string_are_merged) {
  HttpResponse r = HttpPost(Url("func=whoami"), AdminAuthinfo() + "&out=json");
  BOOST_TEST(r.Json()["doc"]["user"]["$name"] == TestEnv("ADMIN_LOGIN"));

  const std::string multipart =
      "--b0undary\r\nContent-Disposition: form-data; name=\"authinfo\"\r\n\r\n" +
      TestEnv("ADMIN_LOGIN") + ":" + TestEnv("ADMIN_PASSWORD") +
      "\r\n--b0undary\r\nContent-Disposition: form-data; "
      "name=\"func\"\r\n\r\nwhoami\r\n--b0undary--\r\n";
  HttpResponse m = HttpPost(Url("out=xml"), multipart,
                            {.content_type = "multipart/form-data; boundary=b0undary"});
  BOOST_TEST(m.Xml().child("doc").child("user").attribute("name").value() ==
             TestEnv("ADMIN_LOGIN"));
}

BOOST_AUTO_TEST_CASE(unknown_function_is_missed_func_with_status_200) {
  HttpResponse r = HttpGet(Url(AdminAuthinfo() + "&func=webdomain&out=xml"));
  BOOST_TEST(r.status == 200);
  pugi::xml_document doc = r.Xml();
  pugi::xml_node error = ErrorOf(doc);
  BOOST_TEST(error.attribute("type").value() == std::string("missed"));
  BOOST_TEST(error.attribute("object").value() == std::string("func"));
  BOOST_TEST(error.attribute("code").as_int() == 3);
  BOOST_TEST(error.child_value("msg") == std::string("Unknown function 'webdomain'"));
  BOOST_TEST(!doc.child("doc").child("ok"));

  HttpResponse ru = HttpGet(Url(AdminAuthinfo() + "&func=webdomain&out=text&lang=ru"));
  BOOST_TEST(ru.body == "ERROR missed(func): Неизвестная функция 'webdomain'\n");
}

BOOST_AUTO_TEST_CASE(bad_encoding_and_bad_utf8_are_typed_value_errors) {
  pugi::xml_document bad_escape = HttpGet(Url(AdminAuthinfo() + "&func=whoami&name=%E")).Xml();
  BOOST_TEST(ErrorOf(bad_escape).attribute("type").value() == std::string("value"));
  BOOST_TEST(ErrorOf(bad_escape).attribute("object").value() == std::string("name"));

  HttpResponse bad_utf8 = HttpPost(Url("func=whoami"), AdminAuthinfo() + "&fullname=%C3%28");
  BOOST_TEST(bad_utf8.status == 200);
  BOOST_TEST(ErrorOf(bad_utf8.Xml()).attribute("object").value() == std::string("fullname"));

  // A control character could be stored but would break every XML reply that shows it.
  const std::string r = Unique("rctl");
  pugi::xml_document control =
      HttpPost(Url("func=reseller.edit"),
               AdminAuthinfo() + "&sok=ok&name=" + r + "&passwd=Secret-pass-123&fullname=a%01b")
          .Xml();
  BOOST_TEST(ErrorOf(control).attribute("object").value() == std::string("fullname"));
  BOOST_TEST(!FindRow(As::Admin().Call("reseller", "name=" + r), r));  // nothing created

  pugi::xml_document bad_out = HttpGet(Url(AdminAuthinfo() + "&func=whoami&out=yaml")).Xml();
  BOOST_TEST(ErrorOf(bad_out).attribute("object").value() == std::string("out"));
}

// Every registered function, as the admin and as a reseller, against malformed paging, unknown
// targets, bad numbers, bad names and out-of-range values: each reply is a well-formed XML
// document (checked by libxml2, stricter than pugixml) that is data, <ok/> or a typed error.
BOOST_AUTO_TEST_CASE(bad_input_to_any_function_gets_a_well_formed_reply) {
  resellermgr::core::FunctionRegistry registry;
  resellermgr::RegisterAllFunctions(registry);
  const std::string r = Unique("rbad");
  MakeReseller(r);
  std::string eacutes;
  for (int i = 0; i < 150; ++i) eacutes += "%C3%A9";
  const std::string bad_inputs[] = {
      "elid=",
      "elid=%2C%2C%2C",
      "elid=a,%20,b",
      "elid=" + std::string(300, 'x'),
      "elid=admin",
      "p_num=0&p_cnt=0",
      "p_num=-5&p_cnt=100000",
      "p_num=99999999999999999999",
      "p_sort=zzz&p_order=sideways",
      "sok=ok",
      "sok=ok&elid=nosuch",
      "sok=ok&elid=admin",
      "sok=ok&name=" + std::string(300, 'n') + "&passwd=x",  // too long for any name
      "sok=ok&name=" + r + "&limit_quota=-1&limit_users=abc",
      "sok=ok&name=" + Unique("rbad") + "&limit_quota=99999999999999999999999&passwd=x",
      "sok=ok&priority=urgent&preset=nosuch&subject=",
      "from=notadate&to=2026-13-45",
      "quota_used=-1&traff_used=x&elid=admin",
      "su=admin",
      "su=nosuch",
      "lang=xx",
      "sok=ok&fullname=a%01b&comment=x%0By",
      // Quoted back in errors, cut to a few hundred bytes: never in the middle of a character.
      "elid=a" + eacutes + ",a" + eacutes + "&p_num=1" + eacutes.substr(0, 120),
  };
  // Sessions, so the sweep pays no password hash per request. auth and session.delete are left
  // out (a failed login counts against this IP, a logout would end the sweep's session), and so
  // are the admin's saved filters and settings, which the suites running beside this one share.
  const std::set<std::string> skipped = {"auth", "session.delete"};
  const std::set<std::string> shared_state = {"reseller.filter", "user.filter", "usrparam"};
  const As admin = As::Session(LogIn(TestEnv("BASE_URL"), "admin", TestEnv("ADMIN_PASSWORD")));
  const As reseller = As::Session(LogIn(TestEnv("BASE_URL"), r, kPassword));
  int checked = 0;
  for (const As* caller : {&admin, &reseller}) {
    for (const std::string& func : registry.Names()) {
      if (skipped.count(func) || (caller == &admin && shared_state.count(func))) continue;
      for (const std::string& input : bad_inputs) {
        HttpResponse reply = HttpGet(Url(caller->credentials + "&func=" + func + "&" + input));
        const std::string what = func + " " + input + ": " + reply.body.substr(0, 300);
        BOOST_TEST_REQUIRE(reply.status == 200, what);
        // A function whose reply is a file (a report's CSV or chart, an invoice's PDF) sends the
        // file when the input is good enough for it; anything else is a typed XML document.
        if (reply.headers.count("content-disposition")) {
          BOOST_TEST(
              (reply.content_type == "text/csv; charset=utf-8" ||
               reply.content_type == "image/svg+xml" || reply.content_type == "application/pdf"),
              what);
          ++checked;
          continue;
        }
        BOOST_TEST(IsWellFormedXml(reply.body), what);
        pugi::xml_document doc = reply.Xml();
        BOOST_TEST(static_cast<bool>(doc.child("doc")), what);
        if (pugi::xml_node error = doc.child("doc").child("error")) {
          BOOST_TEST(!std::string(error.attribute("type").value()).empty(), what);
          BOOST_TEST(!std::string(error.child_value("msg")).empty(), what);
        }
        ++checked;
      }
    }
  }
  BOOST_TEST(checked > 1000);
  // Nothing was made, and the reseller made by this test kept its limits and name.
  BOOST_TEST(!reseller.Call("preset").child("doc").child("elem"));
  // (its only user is the account it was made with, its own client: sql/027)
  const pugi::xml_document users = reseller.Call("user");
  for (pugi::xml_node user : users.child("doc").children("elem"))
    BOOST_TEST(user.child_value("name") == r + "-own");
  const pugi::xml_document list = As::Admin().Call("reseller", "name=" + r);
  const pugi::xml_node row = FindRow(list, r);
  BOOST_TEST(row.child("quota").attribute("limit").value() == std::string(""));
  BOOST_TEST(std::string(row.child_value("fullname")).find('\x01') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(parameters_of_any_name_leave_the_reply_well_formed) {
  // <tparams> echoes parameters as elements: names that cannot be one are left out of it.
  for (std::string name : {"a%3Cb", "1x", "a%20b", "a%22b", "a:b", "-x", "a%2Fb", "a%5B%5D"}) {
    HttpResponse reply = HttpGet(Url(AdminAuthinfo() + "&func=whoami&p_x.y-z=1&" + name + "=1"));
    BOOST_TEST(IsWellFormedXml(reply.body), name + ": " + reply.body);
    const pugi::xml_document parsed = reply.Xml();
    pugi::xml_node tparams = parsed.child("doc").child("tparams");
    BOOST_TEST(tparams.child_value("func") == std::string("whoami"));
    BOOST_TEST(tparams.child_value("p_x.y-z") == std::string("1"));
  }
}

BOOST_AUTO_TEST_CASE(a_malformed_group_elid_says_what_is_wrong) {
  const auto detail_of = [](const std::string& elid) {
    return Detail(As::Admin().Call("reseller.suspend", "elid=" + UrlEncode(elid)));
  };
  BOOST_TEST(detail_of("r1, r1") == "'r1' is listed twice");
  BOOST_TEST(detail_of("r1,,r2") == "an empty name in the list");
  std::string many = "n0";
  for (int i = 1; i <= 1000; ++i) many += ",n" + std::to_string(i);
  BOOST_TEST(detail_of(many) == "more than 1000 names in one request");
}

BOOST_AUTO_TEST_CASE(oversized_values_and_bodies_are_refused) {
  HttpResponse long_field =
      HttpPost(Url("func=whoami"), AdminAuthinfo() + "&fullname=" + std::string(70000, 'x'));
  BOOST_TEST(long_field.status == 200);
  BOOST_TEST(ErrorOf(long_field.Xml()).attribute("object").value() == std::string("fullname"));

  HttpResponse huge =
      HttpPost(Url("func=whoami"), AdminAuthinfo() + "&blob=" + std::string(2 * 1024 * 1024, 'x'));
  BOOST_TEST(huge.status == 413);  // transport-level: nginx's client_max_body_size
}

BOOST_AUTO_TEST_CASE(tparams_echo_the_request_without_secrets) {
  pugi::xml_document doc =
      HttpGet(
          Url(AdminAuthinfo() + "&func=whoami&elid=a%2C+b&password=p1&passwd=p2&confirm=p3&key=k"))
          .Xml();
  pugi::xml_node tparams = doc.child("doc").child("tparams");
  BOOST_TEST(tparams.child_value("elid") == std::string("a, b"));
  BOOST_TEST(tparams.child_value("func") == std::string("whoami"));
  for (const char* secret : {"authinfo", "password", "passwd", "confirm", "key"}) {
    BOOST_TEST(!tparams.child(secret), secret);
  }
}

BOOST_AUTO_TEST_CASE(calls_without_credentials_need_a_login) {
  pugi::xml_document doc = HttpGet(Url("func=whoami")).Xml();
  BOOST_TEST(ErrorOf(doc).attribute("type").value() == std::string("auth"));
  BOOST_TEST(ErrorOf(doc).attribute("object").value() == std::string("unauthorized"));
}

BOOST_AUTO_TEST_CASE(a_lower_level_is_refused_admin_functions) {
  EnsureLogin("plainuser", "plainuser-password", 16);
  const std::string authinfo = "authinfo=plainuser:plainuser-password";
  pugi::xml_document who = HttpGet(Url(authinfo + "&func=whoami")).Xml();
  BOOST_TEST(who.child("doc").child("user").attribute("level").as_int() == 16);
  pugi::xml_document denied =
      HttpGet(Url(authinfo + "&func=session.newkey&username=plainuser&key=0123456789abcdef0"))
          .Xml();
  BOOST_TEST(ErrorOf(denied).attribute("type").value() == std::string("access"));
  BOOST_TEST(ErrorOf(denied).attribute("code").as_int() == 6);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(devel)

BOOST_AUTO_TEST_CASE(out_devel_returns_the_metadata_and_messages_with_the_data) {
  pugi::xml_document doc =
      HttpGet(Url(AdminAuthinfo() + "&func=reseller&out=devel&lang=ru&p_cnt=1")).Xml();
  pugi::xml_node metadata =
      doc.child("doc").find_child_by_attribute("metadata", "name", "reseller");
  BOOST_REQUIRE(metadata);
  BOOST_TEST(metadata.child("coldata").find_child_by_attribute("col", "name", "users"));
  BOOST_TEST(
      metadata.child("toolbar").find_child_by_attribute("toolbtn", "func", "reseller.suspend"));
  pugi::xml_node messages =
      doc.child("doc").find_child_by_attribute("messages", "name", "reseller");
  BOOST_TEST(messages.find_child_by_attribute("msg", "name", "title").child_value() ==
             std::string("Реселлеры"));
  BOOST_TEST(doc.child("doc").child("p_elems"));  // the data is still there

  pugi::xml_document form = HttpGet(Url(AdminAuthinfo() + "&func=reseller.edit&out=devel")).Xml();
  pugi::xml_node fields =
      form.child("doc").find_child_by_attribute("metadata", "name", "reseller.edit");
  BOOST_TEST(fields.select_node("form/page[@name='limits']/field[@name='limit_quota']"));
  BOOST_TEST(!HttpGet(Url(AdminAuthinfo() + "&func=reseller&out=xml"))
                  .Xml()
                  .child("doc")
                  .child("metadata"));
}

BOOST_AUTO_TEST_SUITE_END()
