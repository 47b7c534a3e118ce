// Broadcasts (issue 27 item 4) over the real stack: the audience a reseller picks (its whole
// subtree, a sub-reseller's users, a template, a status) and never another's users; each
// recipient gets a ticket and a mail, read from the loopback SMTP server; and 10,000 users are
// reached once each while the relay goes away and comes back, the request answering at once.

#include <cppconn/prepared_statement.h>
#include <cppconn/statement.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/mail.h"

using namespace resellermgr::testing;

namespace {

// The stack's mail relay stopped until Back(), and started again however the test ends: every
// later test waits for mail through it.
class RelayAway {
 public:
  RelayAway() { RunOrFail(Command("smtp-stop")); }
  RelayAway(const RelayAway&) = delete;
  RelayAway& operator=(const RelayAway&) = delete;
  ~RelayAway() {
    if (back_) return;
    try {
      RunOrFail(Command("smtp-start"));
    } catch (const std::exception&) {  // a destructor must not throw; the next test will say
    }
  }
  void Back() {
    RunOrFail(Command("smtp-start"));
    back_ = true;
  }

 private:
  static std::string Command(const char* what) {
    return TestEnv("STACK_SCRIPT") + " " + what + " " + TestEnv("STACK_DIR");
  }
  bool back_ = false;
};

pugi::xml_node Progress(const As& as, const std::string& id) {
  static pugi::xml_document list;
  list = as.Call("broadcast");
  for (pugi::xml_node row : list.child("doc").children("elem"))
    if (std::string(row.child_value("id")) == id) return row;
  return {};
}

long long Field(const As& as, const std::string& id, const char* field) {
  const pugi::xml_node row = Progress(as, id);
  return row ? std::stoll(row.child_value(field)) : -1;
}

// Waits up to `seconds` for the broadcast's `field` to reach `value`; returns what it read last.
long long WaitFor(const As& as, const std::string& id, const char* field, long long value,
                  int seconds) {
  long long seen = -1;
  for (int i = 0; i < seconds * 4; ++i) {
    seen = Field(as, id, field);
    if (seen >= value) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return seen;
}

long long Recipients(const As& as, const std::string& query) {
  const auto form = as.Call("broadcast.edit", query);
  return std::stoll(form.child("doc").child_value("recipients"));
}

// The envelope recipient of each message the SMTP server took whose address ends in `suffix`,
// with how many times; the files are removed (so later readers of the mail folder stay fast).
std::map<std::string, int> TakeMailEndingIn(const std::string& suffix) {
  std::map<std::string, int> seen;
  for (const auto& entry : std::filesystem::directory_iterator(TestEnv("SMTP_DIR"))) {
    if (entry.path().extension() != ".eml") continue;
    std::ifstream in(entry.path());
    std::string line;
    std::getline(in, line);  // X-Envelope-From
    std::getline(in, line);  // X-Envelope-To
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.ends_with(suffix)) continue;
    ++seen[line.substr(line.find(' ') + 1)];
    in.close();
    std::filesystem::remove(entry.path());
  }
  return seen;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(broadcasts)

BOOST_AUTO_TEST_CASE(a_reseller_writes_to_the_users_it_picks_and_no_others) {
  const std::string r = Unique("bcr"), sub = Unique("bcs"), other = Unique("bco");
  MakeReseller(r, "may_resell=on");
  MakeReseller(other);
  const As reseller = As::Login(r, kPassword);
  BOOST_REQUIRE(
      IsOk(reseller.Call("reseller.edit", "sok=ok&name=" + sub + "&passwd=" + kPassword)));
  BOOST_REQUIRE(IsOk(reseller.Call("preset.edit", "sok=ok&name=gold&limit_quota=1024")));
  const std::string gold = Unique("bcg"), stopped = Unique("bct"), subs = Unique("bcu"),
                    foreign = Unique("bcf");
  MakeUser(reseller, gold, "preset=gold&email=" + gold + "%40bc.test");
  MakeUser(reseller, stopped, "email=" + stopped + "%40bc.test");
  BOOST_REQUIRE(IsOk(reseller.Call("user.suspend", "elid=" + stopped)));
  MakeUser(As::Login(sub, kPassword), subs, "email=" + subs + "%40bc.test");
  MakeUser(As::Login(other, kPassword), foreign, "email=" + foreign + "%40bc.test");

  // Its users, the sub-reseller's included, never its own-client account or another's users.
  BOOST_TEST(Recipients(reseller, "") == 3);
  BOOST_TEST(Recipients(reseller, "owner=" + sub) == 1);
  BOOST_TEST(Recipients(reseller, "preset=gold") == 1);
  BOOST_TEST(Recipients(reseller, "status=suspended") == 1);
  BOOST_TEST(Recipients(reseller, "status=active&preset=gold") == 1);
  BOOST_TEST(ErrorObjectOf(reseller.Call("broadcast.edit", "owner=" + other)) == "owner");
  BOOST_TEST(ErrorObjectOf(reseller.Call("broadcast.edit", "status=gone")) == "status");
  BOOST_TEST(ErrorObjectOf(reseller.Call("broadcast.edit",
                                         "sok=ok&subject=x&text=y&preset=none")) == "owner");
  BOOST_TEST(ErrorObjectOf(reseller.Call("broadcast.edit", "sok=ok&text=y")) == "subject");

  const auto sent = reseller.Call("broadcast.edit", "sok=ok&subject=" + UrlEncode("Window " + r) +
                                                        "&text=" + UrlEncode("Tonight, 2:00 UTC") +
                                                        "&owner=" + sub);
  BOOST_REQUIRE(IsOk(sent));
  const std::string id = sent.child("doc").child_value("id");
  BOOST_TEST(sent.child("doc").child_value("recipients") == std::string("1"));
  BOOST_TEST(WaitFor(reseller, id, "mailed", 1, 15) == 1);
  BOOST_TEST(Progress(reseller, id).child_value("state") == std::string("done"));
  BOOST_TEST(Progress(reseller, id).child_value("audience") == "owner=" + sub);
  // The sub-reseller's user has it as a ticket from the reseller, and by mail.
  const auto tickets = As::Login(subs, kPassword).Call("ticket");
  bool found = false;
  for (pugi::xml_node row : tickets.child("doc").children("elem"))
    found = found || std::string(row.child_value("subject")) == "Window " + r;
  BOOST_TEST(found);
  const auto mails = MailTo(subs + "@bc.test", "Window " + r);
  BOOST_REQUIRE_EQUAL(mails.size(), 1u);
  BOOST_TEST(mails[0].body.find("Tonight, 2:00 UTC") != std::string::npos);
  BOOST_TEST(MailTo(gold + "@bc.test", "Window " + r, 1).empty());
  // Another reseller neither sees it nor opens it; a user cannot broadcast at all.
  BOOST_TEST(!Progress(As::Login(other, kPassword), id));
  BOOST_TEST(ErrorType(As::Login(other, kPassword).Call("broadcast.edit", "elid=" + id)) ==
             "missed");
  BOOST_TEST(ErrorType(As::Login(gold, kPassword).Call("broadcast")) == "access");
  // Sent is sent.
  BOOST_TEST(ErrorObjectOf(reseller.Call("broadcast.edit",
                                         "sok=ok&elid=" + id + "&subject=x&text=y")) == "elid");
  BOOST_TEST(AuditRows("broadcast.edit", "broadcast " + id, "created") == 1);
}

BOOST_AUTO_TEST_CASE(ten_thousand_users_are_reached_once_each_across_a_relay_outage) {
  constexpr int kUsers = 10000;
  const std::string r = Unique("bcb");
  MakeReseller(r);
  const As reseller = As::Login(r, kPassword);
  const std::string suffix = "-" + r + "@bulk.test";
  {  // 10,000 users in SQL, as bench/scale.sh makes them (through the API it would take minutes)
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::PreparedStatement> users(
        db->prepareStatement("INSERT INTO account (parent_id, level, name, email) "
                             "SELECT r.id, 16, CONCAT(r.name, '_', s.seq), CONCAT('u', s.seq, ?) "
                             "FROM account r JOIN seq_1_to_10000 s WHERE r.name = ?"));
    users->setString(1, suffix);
    users->setString(2, r);
    BOOST_REQUIRE_EQUAL(users->executeUpdate(), kUsers);
    std::unique_ptr<sql::PreparedStatement> paths(db->prepareStatement(
        "UPDATE account u JOIN account r ON r.id = u.parent_id "
        "SET u.tree_path = CONCAT(r.tree_path, u.id, '/'), r.users_count = r.users_count + 1 "
        "WHERE r.name = ? AND u.level = 16 AND u.tree_path = ''"));
    paths->setString(1, r);
    paths->executeUpdate();
    std::unique_ptr<sql::Statement>(db->createStatement())
        ->execute(
            "UPDATE account_level_count SET live = live + 10000 WHERE level = 16 AND shard = 0");
  }
  RelayAway relay;
  const auto start = std::chrono::steady_clock::now();
  const auto sent = reseller.Call("broadcast.edit", "sok=ok&subject=" + UrlEncode("Notice " + r) +
                                                        "&text=" + UrlEncode("Hello, all."));
  const double answered =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_REQUIRE(IsOk(sent));
  const std::string id = sent.child("doc").child_value("id");
  BOOST_TEST(sent.child("doc").child_value("recipients") == std::to_string(kUsers));
  BOOST_TEST_MESSAGE("10,000 recipients frozen and answered in " << answered << " s");

  // Every user reached (a ticket each, its mail queued) while the relay is away; none mailed.
  BOOST_TEST(WaitFor(reseller, id, "done", kUsers, 180) == kUsers);
  const auto reached = std::chrono::steady_clock::now();
  BOOST_TEST_MESSAGE("10,000 tickets opened and mails queued in "
                     << std::chrono::duration<double>(reached - start).count() << " s");
  BOOST_TEST(Field(reseller, id, "mailed") == 0);
  BOOST_TEST(Field(reseller, id, "mail_waiting") == kUsers);
  relay.Back();
  BOOST_TEST(WaitFor(reseller, id, "mailed", kUsers, 300) == kUsers);
  BOOST_TEST_MESSAGE(
      "10,000 mails sent "
      << std::chrono::duration<double>(std::chrono::steady_clock::now() - reached).count()
      << " s after the relay came back");
  BOOST_TEST(Field(reseller, id, "mail_failed") == 0);
  BOOST_TEST(Progress(reseller, id).child_value("state") == std::string("done"));
  // Once each: 10,000 addresses, each once, and nothing more after a while.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const std::map<std::string, int> received = TakeMailEndingIn(suffix);
  BOOST_TEST(received.size() == static_cast<std::size_t>(kUsers));
  int twice = 0;
  for (const auto& [address, times] : received) twice += times > 1;
  BOOST_TEST(twice == 0);
  // The users go again, so the lists other suites read stay small.
  BOOST_TEST(IsOk(As::Admin().Call("reseller.delete", "elid=" + r + "&cascade=on")));
}

BOOST_AUTO_TEST_SUITE_END()
