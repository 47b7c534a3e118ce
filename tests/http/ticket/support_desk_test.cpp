// The support desk (issue 27 item 5) over the real stack: attachments checked by their bytes
// (a lying name or type refused, nothing kept) and served as downloads with safe headers to
// those who see the ticket; internal notes the client never reads, not even their files;
// assignment to the centre's own logins; status, priority and assignee filters; the "from"
// column and how long the support side has owed an answer; statuses in the caller's language.

#include <boost/test/unit_test.hpp>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/mail.h"
#include "http/multipart.h"
#include "support/images.h"

using namespace resellermgr::testing;

namespace {

struct Desk {
  std::string r = Unique("sdr"), u = Unique("sdu"), other = Unique("sdo"), staff = Unique("sds");
  As reseller = As::Login(r, kPassword), client = As::Login(u, kPassword);
  Desk() {
    MakeReseller(r, "email=" + r + "%40desk.test");
    MakeReseller(other);
    BOOST_REQUIRE(IsOk(reseller.Call("vendor.edit", "sok=ok&support_by=reseller")));
    MakeUser(reseller, u, "email=" + u + "%40desk.test");
    BOOST_REQUIRE(IsOk(reseller.Call(
        "login.edit", "sok=ok&group=SUPPORT&name=" + staff + "&passwd=" + std::string(kPassword))));
  }
  // The client opens a ticket with `file` attached; the reply.
  pugi::xml_document Open(const std::string& subject, const Part& file) const {
    return PostMultipart({{"authinfo", u + ":" + kPassword},
                          {"func", "ticket.new"},
                          {"sok", "ok"},
                          {"out", "xml"},
                          {"subject", subject},
                          {"text", "See the file."},
                          file})
        .Xml();
  }
};

pugi::xml_node Row(const pugi::xml_document& list, const std::string& id) {
  for (pugi::xml_node row : list.child("doc").children("elem"))
    if (std::string(row.child_value("id")) == id) return row;
  return {};
}

// The attachment ids a thread shows, in order.
std::vector<std::string> Attachments(const pugi::xml_document& thread) {
  std::vector<std::string> ids;
  for (pugi::xml_node m : thread.child("doc").children("message"))
    for (pugi::xml_node a : m.children("attachment")) ids.push_back(a.attribute("id").value());
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(support_desk)

BOOST_AUTO_TEST_CASE(an_attachment_is_checked_by_its_bytes_and_served_as_a_download) {
  Desk d;
  const auto opened = d.Open("Broken page", {"attachment", kPng, "screen.png", "image/png"});
  BOOST_REQUIRE(IsOk(opened));
  const std::string id = opened.child("doc").child_value("id");
  const auto thread = d.reseller.Call("ticket.edit", "elid=" + id);
  const std::vector<std::string> files = Attachments(thread);
  BOOST_REQUIRE_EQUAL(files.size(), 1u);
  const pugi::xml_node shown = thread.child("doc").child("message").child("attachment");
  BOOST_TEST(shown.text().get() == std::string("screen.png"));
  BOOST_TEST(shown.attribute("type").value() == std::string("image/png"));

  // The support side and the client download it: the same bytes, as a download, never a page.
  for (const As& who : {d.reseller, d.client}) {
    const HttpResponse file =
        HttpGet(Url(who.credentials + "&func=ticket.attachment&elid=" + files[0]));
    BOOST_TEST(file.status == 200);
    BOOST_TEST(file.body == kPng);
    BOOST_TEST(file.content_type == "image/png");
    BOOST_TEST(file.headers.at("content-disposition") == "attachment; filename=\"screen.png\"");
    BOOST_TEST(file.headers.at("x-content-type-options") == "nosniff");
    BOOST_TEST(file.headers.at("content-security-policy").find("default-src 'none'") == 0u);
  }
  // Another reseller neither reads it nor learns it exists.
  BOOST_TEST(
      ErrorType(As::Login(d.other, kPassword).Call("ticket.attachment", "elid=" + files[0])) ==
      "missed");

  // Lies about the content are refused, with nothing kept: a page named .png, a PDF sent as a
  // PNG, text named .pdf, a type not taken, an empty or oversized file.
  const std::string html = "<html><script>alert(document.cookie)</script></html>";
  const std::string pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  for (const Part& bad :
       std::vector<Part>{{"attachment", html, "screen.png", "image/png"},
                         {"attachment", html, "page.html", "text/html"},
                         {"attachment", pdf, "bill.png", "image/png"},
                         {"attachment", pdf, "bill.pdf", "image/png"},
                         {"attachment", "plain words", "notes.pdf", "application/pdf"},
                         {"attachment", "\xff\xfe not utf-8", "log.txt", "text/plain"},
                         {"attachment", std::string(800 * 1024, 'a'), "big.txt", "text/plain"}}) {
    const auto refused = d.Open("Lying " + bad.filename, bad);
    BOOST_TEST(ErrorObjectOf(refused) == "attachment", bad.filename << ": " << Detail(refused));
  }
  const auto list = d.client.Call("ticket");
  for (pugi::xml_node row : list.child("doc").children("elem"))
    BOOST_TEST(std::string(row.child_value("subject")).find("Lying") == std::string::npos);
  // A PDF and a text file that are what they say are taken.
  BOOST_TEST(IsOk(d.Open("A bill", {"attachment", pdf, "bill.pdf", "application/pdf"})));
  BOOST_TEST(IsOk(d.Open("A log", {"attachment", "line 1\nстрока 2\n", "server.log", ""})));
}

BOOST_AUTO_TEST_CASE(internal_notes_and_their_files_stay_with_the_support_side) {
  Desk d;
  const auto opened = d.Open("Slow site", {"attachment", "trace\n", "trace.txt", "text/plain"});
  BOOST_REQUIRE(IsOk(opened));
  const std::string id = opened.child("doc").child_value("id");
  const std::string note = "Client on the old plan; offer the upgrade " + id;
  BOOST_REQUIRE(IsOk(PostMultipart({{"authinfo", d.r + ":" + kPassword},
                                    {"func", "ticket.edit"},
                                    {"sok", "ok"},
                                    {"out", "xml"},
                                    {"elid", id},
                                    {"internal", "on"},
                                    {"text", note},
                                    {"attachment", "internal\n", "plan.txt", "text/plain"}})
                         .Xml()));
  // The support side sees the note and its file; the status is unchanged, the client not told.
  const auto support_view = d.reseller.Call("ticket.edit", "elid=" + id);
  BOOST_TEST(support_view.child("doc").child_value("status") == std::string("open"));
  bool seen = false;
  for (pugi::xml_node m : support_view.child("doc").children("message"))
    seen =
        seen || (m.child_value("text") == note && m.child_value("internal") == std::string("on"));
  BOOST_TEST(seen);
  const std::vector<std::string> files = Attachments(support_view);
  BOOST_REQUIRE_EQUAL(files.size(), 2u);
  // The client's view of the same ticket has neither, and the note's file reads as unknown.
  const auto client_view = d.client.Call("ticket.edit", "elid=" + id);
  for (pugi::xml_node m : client_view.child("doc").children("message"))
    BOOST_TEST(m.child_value("text") != note);
  BOOST_TEST(Attachments(client_view).size() == 1u);
  BOOST_TEST(ErrorType(d.client.Call("ticket.attachment", "elid=" + files[1])) == "missed");
  BOOST_TEST(HttpGet(Url(d.client.credentials + "&func=ticket.attachment&elid=" + files[0])).body ==
             "trace\n");
  BOOST_TEST(MailTo(d.u + "@desk.test", "Slow site", 1).empty());
  // A client cannot write a note.
  BOOST_TEST(ErrorType(d.client.Call("ticket.edit", "sok=ok&elid=" + id + "&internal=on&text=x")) ==
             "access");
}

BOOST_AUTO_TEST_CASE(tickets_are_assigned_filtered_and_aged) {
  Desk d;
  const auto first =
      d.client.Call("ticket.new", "sok=ok&subject=Mail+down&priority=high&text=Help");
  const auto second = d.client.Call("ticket.new", "sok=ok&subject=Question&priority=low&text=Hi");
  BOOST_REQUIRE(IsOk(first));
  BOOST_REQUIRE(IsOk(second));
  const std::string a = first.child("doc").child_value("id"),
                    b = second.child("doc").child_value("id");

  // Assigned to one of the centre's logins, never to a stranger, never by the client.
  const auto form = d.reseller.Call("ticket.assign", "elid=" + a);
  bool offered = false;
  for (pugi::xml_node option : form.child("doc").child("slist").children("msg"))
    offered = offered || option.attribute("key").value() == d.staff;
  BOOST_TEST(offered);
  BOOST_TEST(ErrorObjectOf(d.reseller.Call(
                 "ticket.assign", "sok=ok&elid=" + a + "&assignee=" + d.other)) == "assignee");
  BOOST_TEST(ErrorType(d.client.Call("ticket.assign",
                                     "sok=ok&elid=" + a + "&assignee=" + d.staff)) == "access");
  BOOST_TEST(IsOk(d.reseller.Call("ticket.assign", "sok=ok&elid=" + a + "&assignee=" + d.staff)));

  // Filters: by assignee ("me" for the staff login itself), status and priority.
  const auto mine = As::Login(d.staff, kPassword).Call("ticket", "assignee=me");
  BOOST_TEST(Row(mine, a));
  BOOST_TEST(!Row(mine, b));
  BOOST_TEST(Row(d.reseller.Call("ticket", "priority=low"), b));
  BOOST_TEST(!Row(d.reseller.Call("ticket", "priority=low"), a));
  BOOST_TEST(ErrorObjectOf(d.reseller.Call("ticket", "status=lost")) == "status");
  BOOST_TEST(ErrorObjectOf(d.reseller.Call("ticket", "priority=urgent")) == "priority");

  // The list says who it is from, to whom it is assigned, and since when it waits for support.
  const pugi::xml_node row = Row(d.reseller.Call("ticket"), a);
  BOOST_TEST(row.child_value("from") == d.u);
  BOOST_TEST(row.child_value("assignee") == d.staff);
  BOOST_TEST(std::string(row.child_value("waiting_since")).size() == 19u);
  // Answered: nobody waits on support; the client writes again: it waits again.
  BOOST_TEST(IsOk(d.reseller.Call("ticket.edit", "sok=ok&elid=" + a + "&text=Looking")));
  BOOST_TEST(Row(d.reseller.Call("ticket", "status=answered"), a).child_value("waiting_since") ==
             std::string());
  BOOST_TEST(IsOk(d.client.Call("ticket.edit", "sok=ok&elid=" + a + "&text=Still+down")));
  BOOST_TEST(
      std::string(Row(d.reseller.Call("ticket", "status=open"), a).child_value("waiting_since"))
          .size() == 19u);
  // Closed tickets wait for nobody.
  BOOST_TEST(IsOk(d.reseller.Call("ticket.close", "elid=" + b)));
  BOOST_TEST(Row(d.reseller.Call("ticket", "status=closed"), b).child_value("waiting_since") ==
             std::string());
}

BOOST_AUTO_TEST_CASE(statuses_and_priorities_are_shown_in_the_callers_language) {
  Desk d;
  BOOST_REQUIRE(IsOk(d.client.Call("ticket.new", "sok=ok&subject=Lang&priority=high&text=x")));
  HttpOptions options;
  options.accept = "text/html,application/xhtml+xml";
  const HttpResponse page = HttpGet(Url(d.client.credentials + "&func=ticket&lang=ru"), options);
  BOOST_TEST(page.body.find("открыт") != std::string::npos);
  BOOST_TEST(page.body.find("высокий") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
