#include <boost/test/unit_test.hpp>

#include "core/messages.h"
#include "mail/mail.h"

using namespace resellermgr;

BOOST_AUTO_TEST_SUITE(mail_compose)

BOOST_AUTO_TEST_CASE(mail_is_composed_from_its_messages_with_every_placeholder_filled) {
  const core::Messages messages = core::Messages::LoadString(R"(<mgrdata>
    <lang name="en"><messages name="mail">
      <msg name="hello_subject">Hello __name__</msg>
      <msg name="hello_body">Dear __name__, see __link__ (__name__).</msg>
    </messages></lang>
    <lang name="ru"><messages name="mail">
      <msg name="hello_subject">Привет, __name__</msg>
    </messages></lang></mgrdata>)");
  const mail::Mail en =
      mail::Compose(messages, "en", "hello", {{"name", "Ann"}, {"link", "https://p/x"}});
  BOOST_TEST(en.kind == "hello");
  BOOST_TEST(en.subject == "Hello Ann");
  BOOST_TEST(en.body == "Dear Ann, see https://p/x (Ann).");
  const mail::Mail ru = mail::Compose(messages, "ru", "hello", {{"name", "Аня"}});
  BOOST_TEST(ru.subject == "Привет, Аня");
  BOOST_TEST(mail::Compose(messages, "en", "unknown", {}).subject == "unknown");
  // Addresses: one plain address, nothing a header could be forged with.
  BOOST_TEST(mail::IsAddress("ann@example.test"));
  for (const char* bad :
       {"", "ann", "@x", "ann@", "a@b@c", "ann @x", "ann@x\r\nBcc: e@x", "<ann@x>", "ann@x,bob@y"})
    BOOST_TEST(!mail::IsAddress(bad), bad);
}

BOOST_AUTO_TEST_SUITE_END()
