// Reseller sign-up (issue 24) through the real stack: the public form with the agreement, a
// double submit, the address confirmed by the mailed link (read from the loopback SMTP server),
// the payment request in the outbox, the deposit with its key activating the reseller and the
// welcome mail whose link sets its password; the admin's approval first; expiry; throttling.

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <ctime>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/mail.h"
#include "support/test_env.h"

using namespace resellermgr::testing;

namespace {

std::string NewLoopback() {
  static int counter = 0;
  ++counter;
  return "127." + std::to_string(getpid() % 200 + 20) + "." +
         std::to_string((std::time(nullptr) / 11 + 97) % 256) + "." +
         std::to_string(counter % 250 + 2);
}

// A form post from `from`, as a browser (or a script) without a login sends it.
pugi::xml_document Post(const std::string& body, const std::string& from) {
  HttpOptions options;
  options.content_type = "application/x-www-form-urlencoded";
  options.source_ip = from;
  return HttpPost(TestEnv("BASE_URL") + "/ispmgr", body, options).Xml();
}

// The value after `marker` in the newest mail to `to` whose subject has `subject`.
std::string FromMail(const std::string& to, const std::string& subject, const std::string& marker,
                     std::size_t length) {
  const std::vector<Received> mails = MailTo(to, subject);
  if (mails.empty()) return {};
  const auto start = mails.back().body.find(marker);
  return start == std::string::npos ? std::string()
                                    : mails.back().body.substr(start + marker.size(), length);
}

std::string Version() {
  return As::Admin().Call("agreement.edit").child("doc").child_value("version");
}

std::string SignupBody(const std::string& login, const std::string& email,
                       const std::string& deposit, const std::string& extra = {}) {
  return "func=signup&sok=ok&login=" + login + "&email=" + UrlEncode(email) +
         "&company=Acme&address=Main%20St%201&deposit=" + deposit +
         "&agree=on&agreement_version=" + Version() + (extra.empty() ? "" : "&" + extra);
}

// The payment key of `login`'s payment request, from the outbox.
std::string PaymentKey(const std::string& login) {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> select(db->prepareStatement(
      "SELECT JSON_VALUE(payload, '$.changes.payment_key.new') AS k, "
      "JSON_VALUE(payload, '$.changes.amount.new') AS amount FROM outbox_event "
      "WHERE kind = 'signup.payment_requested' AND target = ? ORDER BY id DESC LIMIT 1"));
  select->setString(1, "signup:" + login);
  std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
  return rows->next()
             ? std::string(rows->getString("k")) + " " + std::string(rows->getString("amount"))
             : std::string();
}

pugi::xml_node QueueRow(const pugi::xml_document& queue, const std::string& login) {
  for (pugi::xml_node row : queue.child("doc").children("elem"))
    if (row.child_value("login") == login) return row;
  return {};
}

struct OpenSignup {
  OpenSignup(bool approval = false) {
    BOOST_REQUIRE(IsOk(As::Admin().Call(
        "agreement.edit",
        std::string("sok=ok&enabled=on&min_deposit=50&approval=") + (approval ? "on" : "off") +
            "&text=" + UrlEncode("Agreement " + Unique("v") + ": resell fairly."))));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(signups)

BOOST_AUTO_TEST_CASE(a_new_reseller_signs_up_confirms_pays_and_gets_its_login) {
  OpenSignup open;
  const std::string from = NewLoopback();
  const std::string login = Unique("su"), email = login + "@signup.test";
  // The public form carries the current agreement and the minimum deposit.
  const pugi::xml_document form = Post("func=signup", from);
  BOOST_TEST(std::string(form.child("doc").child_value("agreement")).find("resell fairly") !=
             std::string::npos);
  BOOST_TEST(form.child("doc").child_value("min_deposit") == std::string("50.00"));
  BOOST_TEST(form.child("doc").child_value("agreement_version") == Version());
  // Refused: under the minimum, the agreement not accepted, an older version, a bad name.
  BOOST_TEST(ErrorObjectOf(Post(SignupBody(login, email, "49.99"), from)) == "deposit");
  std::string unaccepted = SignupBody(login, email, "50");
  unaccepted.erase(unaccepted.find("&agree=on"), 9);
  BOOST_TEST(ErrorObjectOf(Post(unaccepted, from)) == "agree");
  BOOST_TEST(ErrorObjectOf(Post(SignupBody(login, email, "50", "agreement_version=1"), from)) ==
             "agreement_version");
  // (three refusals count against the address's allowance, so a fresh one goes on)
  const std::string from2 = NewLoopback();
  BOOST_TEST(ErrorObjectOf(Post(SignupBody("Bad%20Name", email, "50"), from2)) == "login");

  // Sent twice: one sign-up, one mail.
  BOOST_TEST(IsOk(Post(SignupBody(login, email, "75"), from2)));
  BOOST_TEST(IsOk(Post(SignupBody(login, email, "75"), from2)));
  const std::string token = FromMail(email, "Confirm your address", "token=", 64);
  BOOST_REQUIRE_EQUAL(token.size(), 64u);
  BOOST_TEST(MailTo(email, "Confirm your address").size() == 1u);
  const pugi::xml_document queue = As::Admin().Call("signup.queue");
  BOOST_TEST(QueueRow(queue, login).child_value("status") == std::string("unverified"));
  BOOST_TEST(QueueRow(queue, login).child_value("accepted_ip") == from2);
  BOOST_TEST(QueueRow(queue, login).child_value("agreement_version") == Version());
  // The name is taken for someone else meanwhile.
  BOOST_TEST(ErrorType(Post(SignupBody(login, "other@signup.test", "75"), NewLoopback())) ==
             "exists");

  // The link confirms the address once: the reseller exists, suspended until paid.
  const pugi::xml_document verified = Post("func=signup.verify&token=" + token, from2);
  BOOST_TEST(verified.child("doc").child_value("status") == std::string("awaiting_payment"));
  BOOST_TEST(ErrorType(Post("func=signup.verify&token=" + token, from2)) == "auth");
  const pugi::xml_document resellers = As::Admin().Call("reseller", "elid=" + login);
  BOOST_TEST(FindRow(resellers, login).child("disabled"));
  const std::string request = PaymentKey(login);
  BOOST_REQUIRE(request.size() > 33u);
  const std::string key = request.substr(0, 32);
  BOOST_TEST(request.substr(33) == "75.00");

  // A deposit without the key activates nothing; with it, the reseller is live and told.
  BOOST_TEST(IsOk(As::Admin().Call(
      "wallet.deposit",
      "elid=" + login + "&amount=75&reference=card-1&idempotency_key=" + Unique("k"))));
  BOOST_TEST(FindRow(As::Admin().Call("reseller", "elid=" + login), login).child("disabled"));
  BOOST_TEST(IsOk(As::Admin().Call("wallet.deposit",
                                   "elid=" + login + "&amount=1&reference=card-2&idempotency_key=" +
                                       Unique("k") + "&payment_key=" + key)));
  BOOST_TEST(!FindRow(As::Admin().Call("reseller", "elid=" + login), login).child("disabled"));
  const std::string set = FromMail(email, "is ready", "func=password.reset.finish&token=", 64);
  BOOST_REQUIRE_EQUAL(set.size(), 64u);
  BOOST_TEST(IsOk(Post("func=password.reset.finish&sok=ok&token=" + set +
                           "&passwd=Welcome-pass-1234&confirm=Welcome-pass-1234",
                       from2)));
  BOOST_TEST(As::Login(login, "Welcome-pass-1234").Call("whoami").child("doc").child("user"));
  BOOST_TEST(QueueRow(As::Admin().Call("signup.queue"), login).child_value("status") ==
             std::string("active"));
}

BOOST_AUTO_TEST_CASE(with_approval_the_admin_lets_a_sign_up_go_on_or_rejects_it) {
  OpenSignup open(true);
  const std::string from = NewLoopback();
  const std::string yes = Unique("sa"), no = Unique("sn");
  BOOST_TEST(IsOk(Post(SignupBody(yes, yes + "@signup.test", "50"), from)));
  BOOST_TEST(IsOk(Post(SignupBody(no, no + "@signup.test", "50"), from)));
  for (const std::string& login : {yes, no}) {
    const std::string token = FromMail(login + "@signup.test", "Confirm", "token=", 64);
    BOOST_TEST(Post("func=signup.verify&token=" + token, from).child("doc").child_value("status") ==
               std::string("awaiting_approval"));
  }
  BOOST_TEST(PaymentKey(yes).empty());  // nothing asked before the approval
  const pugi::xml_document queue = As::Admin().Call("signup.queue", "status=awaiting_approval");
  const std::string yes_id = QueueRow(queue, yes).child_value("id");
  const std::string no_id = QueueRow(queue, no).child_value("id");
  BOOST_TEST(IsOk(As::Admin().Call("signup.approve", "elid=" + yes_id)));
  BOOST_TEST(!PaymentKey(yes).empty());
  BOOST_TEST(ErrorType(As::Admin().Call("signup.approve", "elid=" + yes_id)) == "value");
  BOOST_TEST(IsOk(As::Admin().Call("signup.delete", "elid=" + no_id)));
  BOOST_TEST(!QueueRow(As::Admin().Call("signup.queue"), no));
  // Only the admin keeps the queue.
  const std::string r = Unique("rsq");
  MakeReseller(r);
  BOOST_TEST(ErrorType(As::Login(r, kPassword).Call("signup.queue")) == "access");
  OpenSignup reopen(false);
}

BOOST_AUTO_TEST_CASE(unfinished_sign_ups_expire_and_an_address_is_throttled) {
  OpenSignup open;
  const std::string from = NewLoopback();
  const std::string late = Unique("sx");
  BOOST_TEST(IsOk(Post(SignupBody(late, late + "@signup.test", "50"), from)));
  const std::string token = FromMail(late + "@signup.test", "Confirm", "token=", 64);
  BOOST_TEST(IsOk(Post("func=signup.verify&token=" + token, from)));
  BOOST_TEST(FindRow(As::Admin().Call("reseller", "elid=" + late), late));
  {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::Statement> statement(db->createStatement());
    statement->executeUpdate(
        "UPDATE signup SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 HOUR "
        "WHERE login = '" +
        late + "'");
  }
  const CommandResult expired = RunCommand(Resellerctl("signup expire"));
  BOOST_TEST(expired.exit_code == 0, expired.output);
  BOOST_TEST(!QueueRow(As::Admin().Call("signup.queue"), late));
  BOOST_TEST(!FindRow(As::Admin().Call("reseller", "elid=" + late), late));
  // The name is free again.
  BOOST_TEST(IsOk(Post(SignupBody(late, late + "@signup.test", "50"), NewLoopback())));

  // Three sign-ups a minute from one address; more are refused.
  const std::string busy = NewLoopback();
  int refused = 0;
  for (int i = 0; i < 7; ++i) {
    const std::string login = Unique("st");
    refused += ErrorType(Post(SignupBody(login, login + "@signup.test", "50"), busy)) == "limit";
  }
  BOOST_TEST(refused >= 1);
  // Closed: the form is refused.
  BOOST_TEST(IsOk(As::Admin().Call("agreement.edit", "sok=ok&enabled=off")));
  BOOST_TEST(ErrorType(Post("func=signup", NewLoopback())) == "access");
}

BOOST_AUTO_TEST_SUITE_END()
