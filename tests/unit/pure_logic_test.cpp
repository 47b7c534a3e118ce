// Pure logic that had no unit test (issue 21): the service status table, the change diff, tree
// paths, mail composition and addresses. No database, no network.

#include <boost/test/unit_test.hpp>

#include "account/account.h"
#include "changes/changes.h"
#include "core/messages.h"
#include "mail/mail.h"
#include "service/service_status.h"

using namespace resellermgr;

BOOST_AUTO_TEST_SUITE(pure_logic)

BOOST_AUTO_TEST_CASE(service_statuses_move_along_their_table_only) {
  using service::Status;
  // Every name reads back as itself; an unknown one is none.
  for (std::string_view name : service::kStatusNames)
    BOOST_TEST(service::StatusName(*service::ParseStatus(name)) == name);
  BOOST_TEST(!service::ParseStatus("running").has_value());
  // API.md's table (client.service.status), in full.
  const std::vector<std::pair<Status, std::vector<Status>>> table = {
      {Status::kNew, {Status::kTrial, Status::kActivating, Status::kActive, Status::kDeleted}},
      {Status::kTrial, {Status::kTrialEnd, Status::kActive, Status::kPaused, Status::kDeleted}},
      {Status::kTrialEnd, {Status::kActivating, Status::kActive, Status::kDeleted}},
      {Status::kActivating, {Status::kActive, Status::kNew, Status::kDeleted}},
      {Status::kActive, {Status::kPaused, Status::kDeleted}},
      {Status::kPaused, {Status::kActive, Status::kDeleted}},
      {Status::kDeleted, {Status::kNew}}};
  int allowed = 0;
  for (const auto& [from, tos] : table) {
    for (std::string_view to_name : service::kStatusNames) {
      const Status to = *service::ParseStatus(to_name);
      const bool listed = std::find(tos.begin(), tos.end(), to) != tos.end();
      BOOST_TEST(service::MayMove(from, to) == listed, service::StatusName(from)
                                                           << " -> " << to_name);
      allowed += listed;
    }
    BOOST_TEST(!service::MayMove(from, from));
  }
  BOOST_TEST(allowed == 19);
  BOOST_TEST(service::InUse(Status::kActive));
  BOOST_TEST(service::InUse(Status::kTrial));
  BOOST_TEST(!service::InUse(Status::kPaused));
}

BOOST_AUTO_TEST_CASE(a_change_lists_what_differs_in_order_then_what_is_new) {
  const auto diff = changes::Diff({{"fullname", "Ann"}, {"email", "a@x"}, {"phone", "1"}},
                                  {{"fullname", "Ann"}, {"email", "b@x"}, {"comment", "hi"}});
  BOOST_TEST_REQUIRE(diff.size() == 3u);
  BOOST_TEST(diff[0].name == "email");
  BOOST_TEST(diff[0].old_value == "a@x");
  BOOST_TEST(diff[0].new_value == "b@x");
  BOOST_TEST(diff[1].name == "phone");  // gone: old value, no new one
  BOOST_TEST(diff[1].new_value == "");
  BOOST_TEST(diff[2].name == "comment");  // only after
  BOOST_TEST(diff[2].old_value == "");
  BOOST_TEST(changes::Diff({{"a", ""}}, {}).empty());  // an empty field that goes is no change
  BOOST_TEST(changes::Diff({}, {{"a", ""}}).empty());  // nor one that comes empty
}

BOOST_AUTO_TEST_CASE(tree_paths_give_depth_ids_and_subtree_patterns) {
  BOOST_TEST(tenancy::Depth("/1/") == 0);
  BOOST_TEST(tenancy::Depth("/1/5/") == 1);
  BOOST_TEST(tenancy::Depth("/1/5/9/") == 2);
  BOOST_TEST(tenancy::Depth("") == 0);
  BOOST_TEST((tenancy::PathIds("/1/5/9/") == std::vector<long long>{1, 5, 9}));
  BOOST_TEST(tenancy::PathIds("").empty());
  BOOST_TEST(tenancy::SubtreePattern("/1/5/") == "/1/5/_%");  // strictly below: not itself
  BOOST_TEST(tenancy::SubtreePatternOrNone("") == "-");       // matches no path
  BOOST_CHECK_THROW(tenancy::SubtreePattern("5"), std::logic_error);
}

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
