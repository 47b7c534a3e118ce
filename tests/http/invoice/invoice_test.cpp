// Invoices (issue 11 item 6) over the real stack: documents issued with deposits and refunds,
// invoices on demand and by the month-end run, each charge invoiced once, issued documents that
// never change (not even for the application's own database user), scope, and the PDF as a
// reader sees it (pdftotext from poppler-utils).

#include <cppconn/statement.h>

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "http/money.h"

using namespace resellermgr::testing;

namespace {

// What a reader of the PDF sees: its text, in reading order.
std::string PdfText(const std::string& pdf) {
  const std::string path = "/tmp/rm-invoice-" + Unique("p") + ".pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  const std::string text = RunCommand("pdftotext -layout " + path + " -").output;
  std::remove(path.c_str());
  return text;
}

pugi::xml_node Row(const pugi::xml_document& list, const std::string& id) {
  for (pugi::xml_node row : list.child("doc").children("elem"))
    if (id == row.child_value("id")) return row;
  return {};
}

std::string ChargeId(const As& as, const std::string& elid, const std::string& amount,
                     const std::string& reference) {
  const auto reply =
      Pay(as, "wallet.charge",
          "elid=" + elid + "&amount=" + amount + "&reference=" + reference + "&period=2026-12");
  BOOST_REQUIRE(IsOk(reply));
  return reply.child("doc").child_value("id");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(invoices)

BOOST_AUTO_TEST_CASE(documents_record_payments_charges_and_refunds_and_never_change) {
  Books b;
  BOOST_REQUIRE(IsOk(As::Admin().Call(
      "reseller.edit", "sok=ok&elid=" + b.r + "&company=" + UrlEncode("Ромашка ООО") +
                           "&address=" + UrlEncode("ул. Ленина 1, Москва"))));
  BOOST_REQUIRE(IsOk(b.reseller.Call(
      "reseller.edit", "sok=ok&elid=" + b.s + "&company=Sub%20Ltd&address=2%20High%20St")));

  // A deposit comes with its "payment received" document.
  const auto deposit =
      Pay(As::Admin(), "wallet.deposit", "elid=" + b.r + "&amount=100&reference=bank-42");
  BOOST_REQUIRE(IsOk(deposit));
  const std::string payment = deposit.child("doc").child_value("document");
  const pugi::xml_document invoices = b.reseller.Call("invoice");
  const pugi::xml_node paid = Row(invoices, payment);
  BOOST_TEST(paid.child_value("kind") == std::string("payment"));
  BOOST_TEST(paid.child_value("total") == std::string("100.00"));

  // The reseller funds its sub-reseller, which is charged for services.
  BOOST_REQUIRE(IsOk(Pay(b.reseller, "wallet.transfer", "sok=ok&elid=" + b.s + "&amount=60")));
  const std::string cdn1 = ChargeId(As::Admin(), b.s, "10.25", "cdn");
  ChargeId(As::Admin(), b.s, "10.25", "cdn");
  ChargeId(As::Admin(), b.s, "7", "storage");

  // The parent (its seller) issues the invoice on demand: lines by service, the parties as
  // they are now, the balance before and after.
  const auto issued = b.reseller.Call("invoice.edit", "sok=ok&account=" + b.s);
  BOOST_REQUIRE(IsOk(issued));
  const std::string id = issued.child("doc").child_value("id");
  const auto shown = b.sub.Call("invoice.edit", "elid=" + id);
  const pugi::xml_node doc = shown.child("doc");
  BOOST_TEST(doc.child_value("kind") == std::string("invoice"));
  BOOST_TEST(doc.child_value("seller") == std::string("Ромашка ООО"));
  BOOST_TEST(doc.child_value("seller_address") == std::string("ул. Ленина 1, Москва"));
  BOOST_TEST(doc.child_value("buyer") == std::string("Sub Ltd"));
  BOOST_TEST(doc.child_value("total") == std::string("27.50"));
  BOOST_TEST(doc.child_value("opening_balance") == std::string("0.00"));
  BOOST_TEST(doc.child_value("closing_balance") == std::string("32.50"));
  std::vector<std::string> lines;
  for (pugi::xml_node line : doc.children("line")) {
    lines.push_back(std::string(line.child_value("description")) + " x" +
                    line.child_value("quantity") + " " + line.child_value("amount"));
  }
  BOOST_TEST((lines == std::vector<std::string>{"cdn x2 20.50", "storage x1 7.00"}));

  // Each charge is invoiced once: nothing is left, until a new charge comes.
  const auto again = b.reseller.Call("invoice.edit", "sok=ok&account=" + b.s);
  BOOST_TEST(ErrorType(again) == "value");
  BOOST_TEST(ErrorObjectOf(again) == "period");
  ChargeId(As::Admin(), b.s, "1", "dns");
  const auto later = b.reseller.Call("invoice.edit", "sok=ok&account=" + b.s);
  BOOST_REQUIRE(IsOk(later));
  BOOST_TEST(b.sub.Call("invoice.edit", "elid=" + std::string(later.child("doc").child_value("id")))
                 .child("doc")
                 .child_value("total") == std::string("1.00"));

  // A refund returns part of a charge, never more than is left of it, with its document.
  BOOST_TEST(ErrorType(Pay(As::Admin(), "wallet.refund",
                           "elid=" + b.s + "&charge=" + cdn1 + "&amount=10.26")) == "limit");
  const auto refund =
      Pay(As::Admin(), "wallet.refund", "elid=" + b.s + "&charge=" + cdn1 + "&amount=10");
  BOOST_REQUIRE(IsOk(refund));
  const pugi::xml_document refunds = b.sub.Call("invoice", "kind=refund");
  const pugi::xml_node refunded = Row(refunds, refund.child("doc").child_value("document"));
  BOOST_TEST(refunded.child_value("total") == std::string("10.00"));
  BOOST_TEST(ErrorType(Pay(As::Admin(), "wallet.refund",
                           "elid=" + b.s + "&charge=" + cdn1 + "&amount=0.26")) == "limit");
  BOOST_TEST(
      IsOk(Pay(As::Admin(), "wallet.refund", "elid=" + b.s + "&charge=" + cdn1 + "&amount=0.25")));
  // Another wallet's charge is no charge of this one.
  BOOST_TEST(ErrorType(Pay(As::Admin(), "wallet.refund",
                           "elid=" + b.r + "&charge=" + cdn1 + "&amount=1")) == "missed");

  // Issued documents never change: not through the API, and a renamed company keeps its old
  // name on what was issued.
  BOOST_TEST(ErrorType(b.reseller.Call("invoice.edit", "sok=ok&elid=" + id)) == "access");
  BOOST_REQUIRE(IsOk(b.reseller.Call("reseller.edit", "sok=ok&elid=" + b.s + "&company=Renamed")));
  BOOST_TEST(b.sub.Call("invoice.edit", "elid=" + id).child("doc").child_value("buyer") ==
             std::string("Sub Ltd"));

  // Scope: the sub-reseller sees its own documents, not its parent's; another reseller none.
  BOOST_TEST(!Row(b.sub.Call("invoice"), payment));
  BOOST_TEST(ErrorType(b.sub.Call("invoice.edit", "elid=" + payment)) == "missed");
  Books other;
  BOOST_TEST(ErrorType(other.reseller.Call("invoice.edit", "elid=" + id)) == "missed");
  BOOST_TEST(ErrorType(other.reseller.Call("invoice.download", "elid=" + id)) == "missed");
  BOOST_TEST(!Row(other.reseller.Call("invoice"), id));
  BOOST_TEST(ErrorType(other.reseller.Call("invoice.edit", "sok=ok&account=" + b.s)) == "missed");
  RequireBalancedBooks();
}

BOOST_AUTO_TEST_CASE(the_pdf_shows_the_document_in_the_readers_language) {
  Books b;
  BOOST_REQUIRE(IsOk(As::Admin().Call(
      "reseller.edit", "sok=ok&elid=" + b.r + "&company=" + UrlEncode("Ромашка ООО"))));
  BOOST_REQUIRE(IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + b.r + "&amount=50&reference=p")));
  ChargeId(As::Admin(), b.r, "12.34", "web-hosting");
  const auto issued = As::Admin().Call("invoice.edit", "sok=ok&account=" + b.r);
  BOOST_REQUIRE(IsOk(issued));
  const std::string id = issued.child("doc").child_value("id");

  const HttpResponse en =
      HttpGet(Url(b.reseller.credentials + "&func=invoice.download&elid=" + id));
  BOOST_TEST(en.status == 200);
  BOOST_TEST(en.content_type == "application/pdf");
  BOOST_TEST(en.headers.at("content-disposition").find(".pdf\"") != std::string::npos);
  BOOST_TEST(en.body.rfind("%PDF-", 0) == 0);
  const std::string text = PdfText(en.body);
  BOOST_TEST(text.find("Invoice INV-") != std::string::npos, text);
  BOOST_TEST(text.find("Ромашка ООО") != std::string::npos, text);
  BOOST_TEST(text.find("web-hosting") != std::string::npos, text);
  BOOST_TEST(text.find("12.34 USD") != std::string::npos, text);

  const HttpResponse ru =
      HttpGet(Url(b.reseller.credentials + "&func=invoice.download&lang=ru&elid=" + id));
  const std::string russian = PdfText(ru.body);
  BOOST_TEST(russian.find("Счёт INV-") != std::string::npos, russian);
  BOOST_TEST(russian.find("Итого") != std::string::npos, russian);
  // Whatever out= asks for, the file is the file; a missing one is a typed error.
  BOOST_TEST(HttpGet(Url(b.reseller.credentials + "&func=invoice.download&out=json&elid=" + id))
                 .content_type == "application/pdf");
  BOOST_TEST(ErrorType(b.reseller.Call("invoice.download", "elid=99999999")) == "missed");
  BOOST_TEST(ErrorType(b.reseller.Call("invoice.download", "elid=1%20OR%201")) == "missed");
}

BOOST_AUTO_TEST_CASE(the_month_end_run_invoices_every_wallet_once) {
  Books b, c;
  for (const std::string& r : {b.r, c.r})
    BOOST_REQUIRE(IsOk(Pay(As::Admin(), "wallet.deposit", "elid=" + r + "&amount=40&reference=p")));
  ChargeId(As::Admin(), b.r, "3", "cdn");
  ChargeId(As::Admin(), c.r, "4", "cdn");
  ChargeId(As::Admin(), c.r, "5", "dns");
  const std::string run = Resellerctl("invoice run ");
  // This month, so far (the cron job runs it for the month before).
  const std::string month = RunCommand("date -u +%Y-%m").output.substr(0, 7);
  const std::string first = RunCommand(run + month).output;
  BOOST_TEST(first.find("issued ") != std::string::npos, first);
  const auto totals = [&](const Books& books) {
    std::vector<std::string> found;
    const pugi::xml_document invoices = books.reseller.Call("invoice", "kind=invoice");
    for (pugi::xml_node row : invoices.child("doc").children("elem"))
      found.push_back(row.child_value("total"));
    return found;
  };
  BOOST_TEST((totals(b) == std::vector<std::string>{"3.00"}));
  BOOST_TEST((totals(c) == std::vector<std::string>{"9.00"}));
  // Run again: nothing is invoiced twice.
  const std::string second = RunCommand(run + month).output;
  BOOST_TEST(second.find("issued 0 invoices") != std::string::npos, second);
  BOOST_TEST((totals(c) == std::vector<std::string>{"9.00"}));
  BOOST_TEST(RunCommand(run + "2026-13").output.find("no such month") != std::string::npos);
  RequireBalancedBooks();
}

BOOST_AUTO_TEST_CASE(the_application_itself_cannot_change_the_ledger_or_issued_documents) {
  auto db = ConnectAsAppUser();
  std::unique_ptr<sql::Statement> statement(db->createStatement());
  for (const char* change :
       {"UPDATE invoice SET total = 0", "DELETE FROM invoice_line", "DELETE FROM invoice_charge",
        "UPDATE ledger_transfer SET amount = 1", "DELETE FROM ledger_transfer"}) {
    bool refused = false;
    try {
      statement->execute(change);
    } catch (const sql::SQLException& e) {
      refused = e.getErrorCode() == 1142;  // command denied
    }
    BOOST_TEST(refused, change);
  }
}

BOOST_AUTO_TEST_SUITE_END()
