// Monthly statistics reports (issue 12 item 7) over the real stack: the month under way read
// live, months written by `resellerctl report monthly`, CSV, the chart as SVG, and scope.

#include <boost/test/unit_test.hpp>
#include <cstdio>

#include "http/api.h"
#include "http/http_fixture.h"

using namespace resellermgr::testing;

namespace {

std::string Month(int offset) {
  return RunCommand("date -u -d \"$(date -u +%Y-%m-01) " + std::to_string(offset) +
                    " month\" +%Y-%m")
      .output.substr(0, 7);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(a_resellers_months_live_and_written_as_list_csv_and_chart) {
  const std::string r = Unique("rp"), a = Unique("ra"), b = Unique("rb");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  MakeUser(reseller, a);
  MakeUser(reseller, b);
  BOOST_REQUIRE(
      IsOk(reseller.Call("client.service.status", "elid=" + a + "&service=cdn&status=active")));
  BOOST_REQUIRE(IsOk(As::Admin().Call(
      "wallet.deposit", "elid=" + r + "&amount=20&reference=p&idempotency_key=" + r + "d")));
  BOOST_REQUIRE(IsOk(As::Admin().Call(
      "wallet.charge", "elid=" + r + "&amount=7.5&reference=cdn&idempotency_key=" + r + "c")));
  const std::string last = Month(-1), now = Month(0);
  const std::string written = RunCommand(Resellerctl("report monthly " + last)).output;
  BOOST_TEST(written.find("wrote " + last) != std::string::npos, written);

  const auto report = reseller.Call("report");
  std::vector<std::string> rows;
  for (pugi::xml_node row : report.child("doc").children("elem")) {
    rows.push_back(std::string(row.child_value("month")) + " " + row.child_value("clients") + " " +
                   row.child_value("services_active") + " " + row.child_value("charges") + " " +
                   row.child_value("live"));
  }
  BOOST_TEST((rows == std::vector<std::string>{now + " 2 1 7.50 on", last + " 2 1 0.00 off"}));

  const HttpResponse csv = HttpGet(Url(reseller.credentials + "&func=report.csv"));
  BOOST_TEST(csv.content_type == "text/csv; charset=utf-8");
  BOOST_TEST(csv.body ==
             "reseller,month,clients,services_active,disk_mib,traffic_mib,charges,cost,income,"
             "billable,margin,live\r\n" +
                 r + "," + now + ",2,1,0,0,7.50,0.00,0.00,0.00,0.00,yes\r\n" + r + "," + last +
                 ",2,1,0,0,0.00,0.00,0.00,0.00,0.00,no\r\n");
  const HttpResponse chart = HttpGet(Url(reseller.credentials + "&func=report.chart&lang=ru"));
  BOOST_TEST(chart.content_type == "image/svg+xml");
  BOOST_TEST(chart.body.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  BOOST_TEST(chart.body.find("<title>Клиенты и услуги в работе по месяцам</title>") !=
             std::string::npos);
  BOOST_TEST(chart.body.find(">" + last + "</text>") != std::string::npos);
  BOOST_TEST(chart.body.find("<script") == std::string::npos);
  BOOST_TEST(chart.headers.at("content-security-policy").find("default-src 'none'") == 0u);

  // The admin reads one month of every reseller; another reseller reaches none of this one.
  bool listed = false;
  const pugi::xml_document month = As::Admin().Call("report", "period=" + last);
  for (pugi::xml_node row : month.child("doc").children("elem"))
    listed = listed || row.child_value("name") == r;
  BOOST_TEST(listed);
  // Without a period the admin's report is last month's (issue 20: the Reports menu entry).
  bool by_default = false;
  const pugi::xml_document opened = As::Admin().Call("report");
  for (pugi::xml_node row : opened.child("doc").children("elem"))
    by_default = by_default || row.child_value("name") == r;
  BOOST_TEST(by_default);
  BOOST_TEST(ErrorType(As::Admin().Call("report", "period=2026-13")) == "value");
  const std::string other = Unique("ro");
  MakeReseller(other);
  BOOST_TEST(ErrorType(As::Login(other, kPassword).Call("report", "elid=" + r)) == "missed");
  BOOST_TEST(ErrorType(As::Login(other, kPassword).Call("report.chart", "elid=" + r)) == "missed");
  // The panel's report page shows the chart as an image, readable without a script.
  HttpOptions html;
  html.accept = "text/html,application/xhtml+xml";
  const HttpResponse page = HttpGet(Url(reseller.credentials + "&func=report"), html);
  BOOST_TEST(page.body.find(
                 "<img class=\"chart\" id=\"chart\" alt=\"\" src=\"ispmgr?func=report.chart\">") !=
                 std::string::npos,
             page.body.substr(0, 3000));
}

BOOST_AUTO_TEST_SUITE_END()
