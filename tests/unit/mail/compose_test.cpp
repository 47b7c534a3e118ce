#include <boost/test/unit_test.hpp>

#include "base/config.h"
#include "core/messages.h"
#include "fakes/mail/recorded_mail.h"
#include "mail/mail.h"
#include "mail/template.h"

using namespace resellermgr;
using mail::Template;

namespace {

// Edited wordings by owner, as the MySQL store would find them (the owner's, else owner 0's).
class EditedWordings : public mail::MailTemplates {
 public:
  std::optional<mail::Wording> Find(long long owner, const std::string& kind,
                                    const std::string& lang) override {
    for (long long who : {owner, 0LL})
      if (auto found = rows.find({who, kind + ":" + lang}); found != rows.end())
        return found->second;
    return std::nullopt;
  }
  std::map<std::pair<long long, std::string>, mail::Wording> rows;
};

const core::Messages& Shipped() {
  static const core::Messages messages = core::Messages::LoadString(R"(<mgrdata>
    <lang name="en"><messages name="mail">
      <msg name="hello_subject">Hello __name__</msg>
      <msg name="hello_body">Dear __name__, see __link__ (__name__).</msg>
    </messages></lang>
    <lang name="ru"><messages name="mail">
      <msg name="hello_subject">Привет, __name__</msg>
    </messages></lang></mgrdata>)");
  return messages;
}

std::optional<mail::TemplateError> CheckBody(std::string_view text,
                                             const char* required = nullptr) {
  return Template::Check(text, {"name", "link", "grace_days"}, required);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mail_compose)

BOOST_AUTO_TEST_CASE(mail_is_composed_from_its_messages_with_every_placeholder_filled) {
  base::Config config;
  fakes::NoMailTemplates none;
  const mail::Composer composer(Shipped(), config, none);
  const mail::Mail en = composer.ComposeTo({"ann@example.test", "en", "", "", 0}, "hello",
                                           {{"name", "Ann"}, {"link", "https://p/x"}});
  BOOST_TEST(en.kind == "hello");
  BOOST_TEST(en.recipient == "ann@example.test");
  BOOST_TEST(en.subject == "Hello Ann");
  BOOST_TEST(en.body == "Dear Ann, see https://p/x (Ann).");
  const mail::Mail ru =
      composer.ComposeTo({"a@x.test", "ru", "", "", 0}, "hello", {{"name", "Аня"}});
  BOOST_TEST(ru.subject == "Привет, Аня");
  BOOST_TEST(composer.ComposeTo({}, "unknown", {}).subject == "unknown");
  // Addresses: one plain address, nothing a header could be forged with.
  BOOST_TEST(mail::IsAddress("ann@example.test"));
  for (const char* bad :
       {"", "ann", "@x", "ann@", "a@b@c", "ann @x", "ann@x\r\nBcc: e@x", "<ann@x>", "ann@x,bob@y"})
    BOOST_TEST(!mail::IsAddress(bad), bad);
}

BOOST_AUTO_TEST_CASE(a_branded_resellers_wording_reaches_its_clients_and_the_admins_the_rest) {
  base::Config config;
  EditedWordings edited;
  edited.rows[{0, "hello:en"}] = {"Admin says hi __name__", "admin body"};
  edited.rows[{7, "hello:en"}] = {"Reseller 7 says hi __name__", "r7 body at __panel__"};
  const mail::Composer composer(Shipped(), config, edited);
  const auto to = [](long long templates_of) {
    return contacts::Contact{"c@x.test", "en", "Brand", "panel.brand.test", templates_of};
  };
  BOOST_TEST(composer.ComposeTo(to(7), "hello", {{"name", "c"}}).subject == "Reseller 7 says hi c");
  BOOST_TEST(composer.ComposeTo(to(7), "hello", {}).body ==
             "r7 body at https://panel.brand.test/ispmgr");
  BOOST_TEST(composer.ComposeTo(to(8), "hello", {{"name", "c"}}).subject == "Admin says hi c");
  BOOST_TEST(composer.ComposeTo(to(0), "hello", {}).body == "admin body");
  // Only English is edited: Russian is as shipped.
  contacts::Contact ru = to(7);
  ru.lang = "ru";
  BOOST_TEST(composer.ComposeTo(ru, "hello", {{"name", "Аня"}}).subject == "Привет, Аня");
  // Without a brand domain the link goes to the configured panel.
  BOOST_TEST(composer.PanelUrl({}) == config.panel_url);
}

BOOST_AUTO_TEST_CASE(values_are_filled_once_and_kept_to_their_context) {
  const Template subject = Template::Read("[#__id__] __subject__");
  // A value that looks like a placeholder stays text; line breaks cannot leave the subject line.
  BOOST_TEST(subject.Render({{"id", "7"}, {"subject", "__id__ and __link__"}},
                            Template::Context::kSubject) == "[#7] __id__ and __link__");
  BOOST_TEST(subject.Render({{"id", "7"}, {"subject", "a\r\nBcc: x@y\n"}},
                            Template::Context::kSubject) == "[#7] a Bcc: x@y");
  const Template body = Template::Read("Text:\n__text__\n-- __brand__");
  BOOST_TEST(body.Render({{"text", "line 1\r\nline\t2\x01\x7f"}, {"brand", "B"}},
                         Template::Context::kBody) == "Text:\nline 1\nline\t2\n-- B");
  // An unknown placeholder (a stored template from before a rename) renders as nothing, and a
  // stray "__" as text.
  BOOST_TEST(Template::Read("a __gone__ b __ c").Render({}, Template::Context::kBody) ==
             "a  b __ c");
  BOOST_TEST(Template::Read("__grace_days__ days")
                 .Render({{"grace_days", "3"}}, Template::Context::kBody) == "3 days");
}

BOOST_AUTO_TEST_CASE(a_broken_template_is_refused_with_where_it_breaks) {
  BOOST_TEST(!CheckBody("Hi __name__, __link__ in __grace_days__ days"));
  BOOST_TEST(!CheckBody("no placeholders at all, a_b and snake_case"));

  auto error = CheckBody("Hello __name__,\n  see __lnk__ now");
  BOOST_TEST_REQUIRE(error.has_value());
  BOOST_TEST(error->line == 2);
  BOOST_TEST(error->column == 7);
  BOOST_TEST(error->Where().find("unknown placeholder __lnk__") != std::string::npos);
  BOOST_TEST(error->Where().find("__link__") != std::string::npos);  // what it may use

  error = CheckBody("Привет, __name");  // not closed; columns count characters
  BOOST_TEST_REQUIRE(error.has_value());
  BOOST_TEST(error->line == 1);
  BOOST_TEST(error->column == 9);

  for (const char* broken : {"____", "__Name__", "__na me__", "__1x__", "{{name}} __", "__name_"})
    BOOST_TEST(CheckBody(broken).has_value(), broken);
  // Code is not a placeholder: nothing is evaluated, and it is refused rather than kept.
  BOOST_TEST(CheckBody("__${7*7}__").has_value());
  BOOST_TEST(CheckBody("__" + std::string(40, 'a') + "__").has_value());

  error = CheckBody("Hi __name__", "link");
  BOOST_TEST_REQUIRE(error.has_value());
  BOOST_TEST(error->problem == "the mail must contain __link__");
}

BOOST_AUTO_TEST_CASE(every_shipped_wording_is_a_valid_template_of_its_kind) {
  const core::Messages messages =
      core::Messages::LoadFile(RESELLERMGR_SOURCE_DIR "/xml/ispmgr_mod_resellermgr.xml");
  for (const mail::KindSpec& spec : mail::Kinds()) {
    for (const char* lang : {"en", "ru"}) {
      const std::string where = std::string(spec.kind) + " " + lang;
      const std::optional<std::string> subject =
          messages.Find(lang, "mail", std::string(spec.kind) + "_subject");
      const std::optional<std::string> body =
          messages.Find(lang, "mail", std::string(spec.kind) + "_body");
      BOOST_TEST_REQUIRE(subject.has_value(), where);
      BOOST_TEST_REQUIRE(body.has_value(), where);
      const std::vector<std::string> allowed = mail::PlaceholdersOf(spec);
      const auto subject_error = Template::Check(*subject, allowed);
      const auto body_error = Template::Check(*body, allowed, spec.required);
      BOOST_TEST(!subject_error, where << ": " << (subject_error ? subject_error->Where() : ""));
      BOOST_TEST(!body_error, where << ": " << (body_error ? body_error->Where() : ""));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
