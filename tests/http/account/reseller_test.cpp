// Resellers and their users over HTTP: create, read, change, delete, limits and pools.

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <boost/test/unit_test.hpp>
#include <map>

#include "http/api.h"

using namespace resellermgr::testing;

BOOST_AUTO_TEST_SUITE(resellers)

BOOST_AUTO_TEST_CASE(create_with_isp4_aliases_then_read_the_form_and_the_list) {
  const std::string r = Unique("ra");
  // ISP5 clients send no confirm; ISP4 aliases disklimit/userlimit/shell are accepted.
  MakeReseller(r, "fullname=Reseller+A&email=a%40example.com&userlimit=3&disklimit=10240&shell=on");
  pugi::xml_document form = As::Admin().Call("reseller.edit", "elid=" + r);
  pugi::xml_node doc = form.child("doc");
  BOOST_TEST(doc.child_value("elid") == r);
  BOOST_TEST(doc.child_value("fullname") == std::string("Reseller A"));
  BOOST_TEST(doc.child_value("limit_users") == std::string("3"));
  BOOST_TEST(doc.child_value("limit_quota") == std::string("10240"));
  BOOST_TEST(doc.child_value("limit_shell") == std::string("on"));
  BOOST_TEST(doc.child_value("limit_traff") == std::string(""));  // unlimited
  BOOST_TEST(!doc.child("passwd"));

  const pugi::xml_document list = As::Admin().Call("reseller", "p_cnt=1000");
  pugi::xml_node row = FindRow(list, r);
  BOOST_REQUIRE(row);
  BOOST_TEST(row.child_value("level") == std::string("24"));
  BOOST_TEST(row.child_value("owner") == TestEnv("ADMIN_LOGIN"));
  BOOST_TEST(row.child_value("active") == std::string("on"));
  BOOST_TEST(row.child_value("shell") == std::string("on"));
  BOOST_TEST(row.child("quota").attribute("limit").value() == std::string("10240"));
  BOOST_TEST(row.child("users").attribute("used").as_int() == 0);
  BOOST_TEST(row.child("users").attribute("limit").as_int() == 3);
  BOOST_TEST(!row.child("disabled"));

  // The new reseller can log in with its password.
  BOOST_TEST(As::Login(r, kPassword)
                 .Call("whoami")
                 .child("doc")
                 .child("user")
                 .attribute("level")
                 .as_int() == 24);
}

BOOST_AUTO_TEST_CASE(a_change_keeps_omitted_limits_and_checks_confirm) {
  const std::string r = Unique("rb");
  MakeReseller(r, "limit_users=5&limit_quota=2048&limit_ssl=on");
  BOOST_TEST(IsOk(
      As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&limit_quota=4096&fullname=New")));
  pugi::xml_document form = As::Admin().Call("reseller.edit", "elid=" + r);
  BOOST_TEST(form.child("doc").child_value("limit_quota") == std::string("4096"));
  BOOST_TEST(form.child("doc").child_value("limit_users") == std::string("5"));
  BOOST_TEST(form.child("doc").child_value("limit_ssl") == std::string("on"));
  BOOST_TEST(form.child("doc").child_value("fullname") == std::string("New"));
  // The list shows the changed limits too, and an emptied limit as unlimited.
  const pugi::xml_document list = As::Admin().Call("reseller", "name=" + r);
  pugi::xml_node row = FindRow(list, r);
  BOOST_TEST(row.child("quota").attribute("limit").value() == std::string("4096"));
  BOOST_TEST(row.child_value("ssl") == std::string("on"));
  BOOST_TEST(
      IsOk(As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&limit_quota=&limit_ssl=off")));
  const pugi::xml_document again = As::Admin().Call("reseller", "name=" + r);
  row = FindRow(again, r);
  BOOST_TEST(row.child("quota").attribute("limit").value() == std::string(""));
  BOOST_TEST(row.child_value("ssl") == std::string("off"));
  BOOST_TEST(row.child("users").attribute("limit").value() == std::string("5"));

  pugi::xml_document mismatch =
      As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&passwd=Lime-tree-71&confirm=Lime-tree-72");
  BOOST_TEST(ErrorType(mismatch) == "value");
  BOOST_TEST(ErrorObjectOf(mismatch) == "confirm");
  const std::string u = Unique("ub");
  MakeUser(As::Login(r, kPassword), u, "limit_quota=1");
  const std::string reseller_session = LogIn(TestEnv("BASE_URL"), r, kPassword);
  const std::string user_session = LogIn(TestEnv("BASE_URL"), u, kPassword);
  BOOST_TEST(IsOk(As::Admin().Call("reseller.edit",
                                   "sok=ok&elid=" + r + "&passwd=Lime-tree-71&confirm=Lime-tree-71")));
  BOOST_TEST(As::Login(r, "Lime-tree-71").Call("whoami").child("doc").child("user"));
  // A new password ends the reseller's sessions, not its users'.
  BOOST_TEST(ErrorObjectOf(As::Session(reseller_session).Call("whoami")) == "session");
  BOOST_TEST(As::Session(user_session).Call("whoami").child("doc").child("user"));
}

BOOST_AUTO_TEST_CASE(bad_input_is_a_typed_error_and_changes_nothing) {
  const std::string r = Unique("rc");
  struct Case {
    std::string query;
    std::string object;
  };
  const Case cases[] = {
      {"name=" + r, "passwd"},
      {"name=1abc&passwd=" + std::string(kPassword), "name"},
      {"name=" + r + "&passwd=short", "passwd"},
      {"name=" + r + "&passwd=" + kPassword + "&email=not-an-email", "email"},
      {"name=" + r + "&passwd=" + kPassword + "&limit_quota=-5", "limit_quota"},
      {"name=" + r + "&passwd=" + kPassword + "&disklimit=12KB", "disklimit"},
      {"name=" + r + "&passwd=" + kPassword + "&limit_shell=maybe", "limit_shell"},
      {"name=" + r + "&passwd=" + kPassword + "&fullname=" + std::string(300, 'x'), "fullname"},
      {"name=" + r + "&passwd=" + kPassword + "&limit_users=99999999999999999999", "limit_users"},
  };
  for (const Case& c : cases) {
    pugi::xml_document doc = As::Admin().Call("reseller.edit", "sok=ok&" + c.query);
    BOOST_TEST(ErrorType(doc) == "value", c.query);
    BOOST_TEST(ErrorObjectOf(doc) == c.object, c.query);
  }
  BOOST_TEST(ErrorType(As::Admin().Call("reseller.edit", "elid=" + r)) ==
             "missed");  // never created
}

BOOST_AUTO_TEST_CASE(names_are_unique_across_logins_and_a_retried_create_is_exists) {
  const std::string r = Unique("rd");
  MakeReseller(r);
  pugi::xml_document again =
      As::Admin().Call("reseller.edit", "sok=ok&name=" + r + "&passwd=" + kPassword);
  BOOST_TEST(ErrorType(again) == "exists");
  BOOST_TEST(ErrorOf(again).attribute("code").as_int() == 2);
  // Upper case is the same name.
  std::string upper = r;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  BOOST_TEST(ErrorType(As::Admin().Call(
                 "reseller.edit", "sok=ok&name=" + upper + "&passwd=" + kPassword)) == "exists");
  // A user name is a login name too.
  BOOST_TEST(ErrorType(As::Admin().Call("user.edit",
                                        "sok=ok&name=" + r + "&passwd=" + kPassword)) == "exists");
}

BOOST_AUTO_TEST_CASE(delete_refuses_while_users_exist_soft_delete_reserves_the_name) {
  const std::string r = Unique("re");
  const std::string u = Unique("ue");
  MakeReseller(r);
  MakeUser(As::Login(r, kPassword), u);
  pugi::xml_document refused = As::Admin().Call("reseller.delete", "elid=" + r);
  BOOST_TEST(ErrorType(refused) == "exists");
  BOOST_TEST(Detail(refused).find("1 accounts") != std::string::npos);
  BOOST_TEST(FindRow(As::Admin().Call("reseller", "p_cnt=1000"), r));

  BOOST_TEST(IsOk(As::Admin().Call("reseller.delete", "elid=" + r + "&cascade=on")));
  BOOST_TEST(!FindRow(As::Admin().Call("reseller", "p_cnt=1000"), r));
  BOOST_TEST(!FindRow(As::Admin().Call("user", "p_cnt=1000"), u));
  BOOST_TEST(ErrorType(As::Login(r, kPassword).Call("whoami")) == "auth");
  BOOST_TEST(ErrorType(As::Admin().Call("reseller.edit",
                                        "sok=ok&name=" + r + "&passwd=" + kPassword)) == "exists");

  const std::string p = Unique("rf");
  MakeReseller(p);
  BOOST_TEST(IsOk(As::Admin().Call("reseller.delete", "elid=" + p + "&permanent=on")));
  MakeReseller(p);  // the name is free again
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pools)

BOOST_AUTO_TEST_CASE(users_get_limits_from_the_resellers_pool_with_readable_errors) {
  const std::string r = Unique("rp");
  MakeReseller(r, "limit_users=2&limit_quota=51200&limit_shell=on");
  const As reseller = As::Login(r, kPassword);
  MakeUser(reseller, Unique("up"), "limit_quota=46080&limit_shell=on");

  pugi::xml_document over = reseller.Call(
      "user.edit", "sok=ok&name=" + Unique("up") + "&passwd=" + kPassword + "&limit_quota=10240");
  BOOST_TEST(ErrorType(over) == "limit");
  BOOST_TEST(ErrorObjectOf(over) == "limit_quota");
  BOOST_TEST(ErrorOf(over).attribute("code").as_int() == 5);
  BOOST_TEST(Detail(over) == "10 GiB asked, 5 GiB left (45 GiB of 50 GiB given out)");
  // The message names the field as the form does (issue 20); the attributes keep its name.
  BOOST_TEST(ErrorOf(over).child_value("msg") ==
             std::string("The limit 'Disk quota, MiB' is exceeded"));

  // A flag the reseller lacks cannot be given.
  BOOST_TEST(ErrorObjectOf(
                 reseller.Call("user.edit", "sok=ok&name=" + Unique("up") + "&passwd=" + kPassword +
                                                "&limit_quota=1&limit_cgi=on")) == "limit_cgi");

  // No limit of its own: bounded by the pool, allocating nothing (the pool still has 5 GiB).
  MakeUser(reseller, Unique("up"));

  pugi::xml_document full = reseller.Call(
      "user.edit", "sok=ok&name=" + Unique("up") + "&passwd=" + kPassword + "&limit_quota=0");
  BOOST_TEST(ErrorObjectOf(full) == "limit_users");
  BOOST_TEST(Detail(full) ==
             "1 asked, 0 left (2 users of your own, 0 given to sub-resellers, of 2)");
  BOOST_TEST(FindRow(As::Admin().Call("reseller", "p_cnt=1000"), r)
                 .child("users")
                 .attribute("used")
                 .as_int() == 2);
}

BOOST_AUTO_TEST_CASE(lowering_below_what_is_handed_out_names_the_users_unless_forced) {
  const std::string r = Unique("rl");
  const std::string big = Unique("ul");
  MakeReseller(r, "limit_quota=10240");
  MakeUser(As::Login(r, kPassword), big, "limit_quota=8192");
  pugi::xml_document refused =
      As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&limit_quota=4096");
  BOOST_TEST(ErrorType(refused) == "limit");
  BOOST_TEST(Detail(refused).find(big) != std::string::npos);
  BOOST_TEST(Detail(refused).find("8 GiB allocated") != std::string::npos);
  BOOST_TEST(
      As::Admin().Call("reseller.edit", "elid=" + r).child("doc").child_value("limit_quota") ==
      std::string("10240"));
  BOOST_TEST(
      IsOk(As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&limit_quota=4096&force=on")));
}

BOOST_AUTO_TEST_CASE(oversell_lets_a_reseller_hand_out_more_than_it_has) {
  const std::string r = Unique("ro");
  MakeReseller(r, "limit_quota=1024&oversell=on");
  MakeUser(As::Login(r, kPassword), Unique("uo"), "limit_quota=4096");
  MakeUser(As::Login(r, kPassword), Unique("uo"));  // even unlimited
}

BOOST_AUTO_TEST_CASE(admin_owned_users_and_the_owner_column) {
  const std::string r = Unique("rw");
  const std::string u = Unique("uw");
  MakeReseller(r);
  BOOST_TEST(IsOk(
      As::Admin().Call("user.edit", "sok=ok&name=" + u + "&passwd=" + kPassword + "&owner=" + r)));
  const pugi::xml_document list = As::Admin().Call("user", "p_cnt=1000&owner=" + r);
  pugi::xml_node row = FindRow(list, u);
  BOOST_REQUIRE(row);
  BOOST_TEST(row.child_value("owner") == r);
  BOOST_TEST(row.child_value("level") == std::string("16"));
  // user.add.finish (the ISP5 wizard's last step) creates too and ignores the host's extra fields.
  const std::string w = Unique("ux");
  BOOST_TEST(
      IsOk(As::Login(r, kPassword)
               .Call("user.add.finish", "sok=ok&name=" + w + "&passwd=" + kPassword +
                                            "&ftp_user_name=x&webdomain_name=x.com&ipsrc=auto")));
  BOOST_TEST(FindRow(As::Login(r, kPassword).Call("user"), w));
}

BOOST_AUTO_TEST_CASE(lists_page_sort_and_filter) {
  const std::string r = Unique("rs");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  for (const char* suffix : {"c", "a", "b"}) MakeUser(reseller, r + suffix);
  pugi::xml_document page = reseller.Call("user", "p_cnt=2&p_num=1&p_sort=name&p_order=desc");
  auto rows = page.child("doc").children("elem");
  std::vector<std::string> names;
  for (pugi::xml_node row : rows) names.push_back(row.child_value("name"));
  BOOST_TEST(names == (std::vector<std::string>{r + "c", r + "b"}),
             boost::test_tools::per_element());
  // Three users: the reseller's own client account (sql/027) is no row of the list (issue 20).
  BOOST_TEST(page.child("doc").child_value("p_elems") == std::string("3"));
  BOOST_TEST(reseller.Call("user", "p_cnt=2&p_num=2")
                 .child("doc")
                 .children("elem")
                 .begin()
                 ->child_value("name") == r + "c");
  BOOST_TEST(ErrorObjectOf(reseller.Call("user", "p_sort=password_hash")) == "p_sort");
  BOOST_TEST(ErrorObjectOf(reseller.Call("user", "p_cnt=0")) == "p_cnt");
  BOOST_TEST(ErrorObjectOf(reseller.Call("user", "p_num=abc")) == "p_num");
  BOOST_TEST(FindRow(reseller.Call("user", "name=" + r + "a"), r + "a"));
  BOOST_TEST(!FindRow(reseller.Call("user", "name=" + r + "a"), r + "b"));
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 13, defect 3: sizes typed as people write them.
BOOST_AUTO_TEST_SUITE(sizes)

BOOST_AUTO_TEST_CASE(disk_and_traffic_limits_take_units) {
  const std::string r = Unique("sz");
  BOOST_REQUIRE(IsOk(As::Admin().Call("reseller.edit", "sok=ok&name=" + r + "&passwd=" + kPassword +
                                                           "&limit_quota=" + UrlEncode("1.5 GiB") +
                                                           "&limit_traff=2T")));
  const pugi::xml_document edit = As::Admin().Call("reseller.edit", "elid=" + r);
  const pugi::xml_node form = edit.child("doc");
  BOOST_TEST(form.child_value("limit_quota") == std::string("1536"));  // the API stays in MiB
  BOOST_TEST(form.child_value("limit_traff") == std::string("2097152"));
  const auto bad =
      As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&limit_quota=" + UrlEncode("ten GB"));
  BOOST_TEST(ErrorType(bad) == "value");
  BOOST_TEST(ErrorObjectOf(bad) == "limit_quota");
  BOOST_TEST(
      As::Admin().Call("reseller.edit", "elid=" + r).child("doc").child_value("limit_quota") ==
      std::string("1536"));
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 13, defect 9: details in the caller's language too, the figures kept.
BOOST_AUTO_TEST_SUITE(details)

BOOST_AUTO_TEST_CASE(error_details_come_in_russian_with_their_figures) {
  const std::string r = Unique("dr");
  const auto short_password =
      As::Admin().Call("reseller.edit", "sok=ok&name=" + r + "&passwd=short&lang=ru");
  BOOST_TEST(Detail(short_password) == "пароль должен быть не короче 8 символов");
  const auto bad_size =
      As::Admin().Call("reseller.edit", "sok=ok&name=" + r + "&passwd=" + kPassword +
                                            "&limit_quota=9999999999999999&lang=ru");
  BOOST_TEST(Detail(bad_size) ==
             "размер, например 512, 512 MiB, 1.5 GiB или 2 TiB, или пусто — без ограничения");
  // English stays English; a detail without a translation stays as written.
  BOOST_TEST(Detail(As::Admin().Call("reseller.edit", "sok=ok&name=" + r + "&passwd=short")) ==
             "the password must be at least 8 characters");
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 13, feature 4: one search box over resellers and users.
BOOST_AUTO_TEST_SUITE(search)

BOOST_AUTO_TEST_CASE(by_name_email_or_full_name_in_scope_any_case) {
  const std::string a = Unique("sa"), b = Unique("sb"), ua = Unique("su"), ub = Unique("sv");
  MakeReseller(a);
  MakeReseller(b);
  MakeUser(As::Login(a, kPassword), ua,
           "fullname=" + UrlEncode("Иван Петров") + "&email=" + ua + "%40mail.test");
  MakeUser(As::Login(b, kPassword), ub, "fullname=" + UrlEncode("Пётр Петров 100%"));
  const auto names = [](const pugi::xml_document& reply) {
    std::vector<std::string> found;
    for (pugi::xml_node row : reply.child("doc").children("elem"))
      found.push_back(row.child_value("name"));
    return found;
  };
  // The admin finds both clients by full name, whatever the case; a reseller only its own.
  const auto all = names(As::Admin().Call("search", "q=" + UrlEncode("ПЕТРОВ")));
  BOOST_TEST((std::find(all.begin(), all.end(), ua) != all.end()));
  BOOST_TEST((std::find(all.begin(), all.end(), ub) != all.end()));
  BOOST_TEST((names(As::Login(a, kPassword).Call("search", "q=" + UrlEncode("петров"))) ==
              std::vector<std::string>{ua}));
  // By e-mail and by name; LIKE's wildcards are taken as text.
  BOOST_TEST(
      (names(As::Admin().Call("search", "q=" + ua + "%40mail")) == std::vector<std::string>{ua}));
  BOOST_TEST((names(As::Admin().Call("search", "q=" + UrlEncode("100%"))) ==
              std::vector<std::string>{ub}));
  BOOST_TEST(names(As::Admin().Call("search", "q=" + UrlEncode("%_%"))).empty());
  const auto kinds = As::Admin().Call("search", "q=" + a);
  BOOST_TEST(FindRow(kinds, a).child_value("kind") == std::string("reseller"));
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("search", "q=x")) == "q");
  BOOST_TEST(ErrorType(As::Login(ua, kPassword).Call("search", "q=" + ua)) == "access");
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 13, feature 3: usage kept day by day, drawn, and lists for spreadsheets.
BOOST_AUTO_TEST_SUITE(history)

BOOST_AUTO_TEST_CASE(usage_is_kept_daily_and_drawn_and_lists_export_csv) {
  const std::string r = Unique("uh"), u = Unique("uu");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  MakeUser(reseller, u, "fullname=" + UrlEncode("Doe, \"J\"") + "&email=%3Dcmd%40x.test");
  BOOST_REQUIRE(
      IsOk(As::Admin().Call("usage.report", "elid=" + u + "&quota_used=300&traff_used=10")));
  BOOST_REQUIRE(
      IsOk(As::Admin().Call("usage.report", "elid=" + u + "&quota_used=2048&traff_used=20")));
  {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::Statement> statement(db->createStatement());
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(
        "SELECT a.name, d.quota_mib FROM usage_daily d JOIN account a ON a.id = d.account_id "
        "WHERE a.name IN ('" +
        u + "', '" + r + "') AND d.day = UTC_DATE() ORDER BY a.name"));
    std::map<std::string, long long> today;
    while (rows->next()) today[rows->getString(1)] = rows->getInt64(2);
    BOOST_TEST(today[u] == 2048);  // the day's last report
    BOOST_TEST(today[r] == 2048);  // the reseller's totals include it
  }
  const HttpResponse chart = HttpGet(Url(reseller.credentials + "&func=usage.chart&elid=" + u));
  BOOST_TEST(chart.content_type == "image/svg+xml");
  BOOST_TEST(chart.body.find("<polyline") != std::string::npos);
  // One day of history is drawn too: a line through one point would show nothing (issue 20).
  BOOST_TEST(chart.body.find("<circle") != std::string::npos);
  BOOST_TEST(chart.body.find(">2 GiB</text>") != std::string::npos, chart.body);
  BOOST_TEST(ErrorType(As::Login(Unique("nobody"), kPassword).Call("usage.chart")) == "auth");
  const std::string other = Unique("uo");
  MakeReseller(other);
  BOOST_TEST(ErrorType(As::Login(other, kPassword).Call("usage.chart", "elid=" + u)) == "missed");

  // Any list as CSV: quoted where it must be, no formula a spreadsheet would run.
  const HttpResponse csv = HttpGet(Url(reseller.credentials + "&func=user&out=csv"));
  BOOST_TEST(csv.content_type == "text/csv; charset=utf-8");
  BOOST_TEST(csv.headers.at("content-disposition") == "attachment; filename=\"user.csv\"");
  BOOST_TEST(csv.body.rfind("id,name,", 0) == 0u, csv.body);
  BOOST_TEST(csv.body.find("\"Doe, \"\"J\"\"\"") != std::string::npos, csv.body);
  BOOST_TEST(csv.body.find(",'=cmd@x.test") != std::string::npos, csv.body);
  // The panel's form of the account shows its chart.
  HttpOptions html;
  html.accept = "text/html,application/xhtml+xml";
  BOOST_TEST(HttpGet(Url(reseller.credentials + "&func=user.edit&elid=" + u), html)
                 .body.find("src=\"ispmgr?func=usage.chart&amp;elid=" + u + "\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 13, feature 5: one template for many accounts, the pool checked for all of them.
BOOST_AUTO_TEST_SUITE(bulk_template)

BOOST_AUTO_TEST_CASE(a_template_applies_to_all_selected_or_to_none) {
  const std::string r = Unique("bt");
  MakeReseller(r, "limit_quota=1000");
  const As reseller = As::Login(r, kPassword);
  std::vector<std::string> users;
  for (int i = 0; i < 3; ++i) {
    users.push_back(Unique("bu"));
    MakeUser(reseller, users.back());
  }
  BOOST_REQUIRE(IsOk(reseller.Call("preset.edit", "sok=ok&name=small&limit_quota=300")));
  BOOST_REQUIRE(IsOk(reseller.Call("preset.edit", "sok=ok&name=big&limit_quota=600")));
  const std::string all = UrlEncode(users[0] + ", " + users[1] + ", " + users[2]);
  // The form lists the caller's templates for the selected accounts.
  const auto form = reseller.Call("user.preset", "elid=" + all);
  BOOST_TEST(static_cast<bool>(
      form.child("doc").child("slist").find_child_by_attribute("msg", "key", "big")));
  BOOST_TEST(IsOk(reseller.Call("user.preset", "sok=ok&elid=" + all + "&preset=small")));
  const auto quota = [&](const std::string& u) {
    return std::string(
        reseller.Call("user.edit", "elid=" + u).child("doc").child_value("limit_quota"));
  };
  for (const std::string& u : users) {
    BOOST_TEST(quota(u) == "300");
    BOOST_TEST(FindRow(reseller.Call("user"), u).child_value("preset") == std::string("small"));
  }
  // 3 x 600 does not fit a pool of 1000: refused, naming an account, and nothing changed.
  const auto refused = reseller.Call("user.preset", "sok=ok&elid=" + all + "&preset=big");
  BOOST_TEST(ErrorType(refused) == "limit");
  BOOST_TEST(Detail(refused).rfind(users[0] + ": ", 0) == 0u, Detail(refused));
  for (const std::string& u : users) BOOST_TEST(quota(u) == "300");
  BOOST_TEST(ErrorType(reseller.Call("user.preset", "sok=ok&elid=" + all + "&preset=nosuch")) ==
             "missed");
}

BOOST_AUTO_TEST_SUITE_END()
