// What third-party ISPmanager clients rely on, and the findings of the outside security review
// (issue 9), over real HTTP through nginx. The sweeps at the end walk the function registry, so a
// function added later is covered without a new line here.

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "core/function_registry.h"
#include "http/api.h"
#include "http/http_fixture.h"
#include "worker.h"

using namespace resellermgr::testing;
using resellermgr::core::Effect;

namespace {

// A loopback address of this run's own, so the per-address throttle of one run (or of another
// test) never meets another's: 127.0.<pid>.<host>.
std::string SourceIp(int host) {
  return "127.0." + std::to_string(getpid() % 250 + 1) + "." + std::to_string(host);
}

// As::Call from `ip`: a call that fails a password check counts against that address only.
pugi::xml_document CallFrom(const std::string& ip, const As& as, const std::string& func,
                            const std::string& query = {}) {
  return HttpGet(Url(as.credentials + "&func=" + func + (query.empty() ? "" : "&" + query)),
                 {.source_ip = ip})
      .Xml();
}

std::string Admin() { return TestEnv("ADMIN_LOGIN"); }
std::string AdminPassword() { return TestEnv("ADMIN_PASSWORD"); }

std::string ErrorCode(const pugi::xml_document& doc) {
  return ErrorOf(doc).attribute("code").value();
}
std::string ErrorObj(const pugi::xml_document& doc) {
  return ErrorOf(doc).attribute("obj").value();
}

resellermgr::core::FunctionRegistry Registry() {
  resellermgr::core::FunctionRegistry registry;
  resellermgr::RegisterAllFunctions(registry);
  return registry;
}

// The actor of the newest audit row with this target and outcome ("" when there is none).
std::string LastActor(const std::string& target, const std::string& outcome) {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> select(db->prepareStatement(
      "SELECT actor FROM audit_log WHERE target = ? AND outcome = ? ORDER BY id DESC LIMIT 1"));
  select->setString(1, target);
  select->setString(2, outcome);
  std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
  return rows->next() ? std::string(rows->getString(1)) : std::string();
}

// A reseller r with one user u, as a billing system makes them.
struct Tenant {
  std::string r = Unique("rv");
  std::string u = Unique("uv");
  Tenant() {
    MakeReseller(r, "limit_users=10&limit_quota=1000");
    MakeUser(As::Login(r, kPassword), u);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(clients)

BOOST_AUTO_TEST_CASE(a_reseller_issues_login_keys_for_itself_and_its_users_only) {
  const Tenant mine;
  const Tenant other;
  const As reseller = As::Login(mine.r, kPassword);
  const std::string key32 = "0123456789abcdef0123456789abcdef";
  std::string key64 = key32 + key32;
  key64[0] = 'f';
  BOOST_TEST(IsOk(reseller.Call("session.newkey", "username=" + mine.r + "&key=" + key32)));
  BOOST_TEST(IsOk(reseller.Call("session.newkey", "username=" + mine.u + "&key=" + key64)));

  // Each key logs its login in once, the way a client-area button does.
  const std::string auth = "func=auth&checkcookie=no&username=";
  pugi::xml_document own = HttpGet(Url(auth + mine.r + "&key=" + key32)).Xml();
  const std::string sid = own.child("doc").child("auth").attribute("id").value();
  BOOST_TEST_REQUIRE(!sid.empty());
  BOOST_TEST(As::Session(sid).Call("whoami").child("doc").child("user").attribute("name").value() ==
             mine.r);
  pugi::xml_document user = HttpGet(Url(auth + mine.u + "&key=" + key64)).Xml();
  BOOST_TEST(user.child("doc").child("auth").attribute("level").as_int() == 16);
  BOOST_TEST(
      ErrorType(HttpGet(Url(auth + mine.u + "&key=" + key64), {.source_ip = SourceIp(3)}).Xml()) ==
      "auth");  // single use

  // Another reseller's user, the admin, and a name nobody has: the same reply but the name.
  const auto reply_for = [&](const std::string& name) {
    pugi::xml_document doc = reseller.Call("session.newkey", "username=" + name + "&key=" + key32);
    pugi::xml_node error = ErrorOf(doc);
    return std::string(error.attribute("type").value()) + "|" + error.attribute("object").value() +
           "|" + error.attribute("code").value() + "|" + error.attribute("obj").value();
  };
  const std::string unknown = reply_for("nobody-" + mine.r);
  BOOST_TEST(unknown == "missed|user|3|user");
  BOOST_TEST(reply_for(other.u) == unknown);
  BOOST_TEST(reply_for(other.r) == unknown);
  BOOST_TEST(reply_for(Admin()) == unknown);
  // The admin reaches everyone below it, but not another admin-level login.
  BOOST_TEST(IsOk(As::Admin().Call("session.newkey", "username=" + other.u + "&key=" + key32)));
  BOOST_TEST(ErrorObjectOf(reseller.Call("session.newkey", "username=" + mine.u + "&key=short")) ==
             "key");
}

BOOST_AUTO_TEST_CASE(users_created_without_limits_are_bounded_by_the_owners_pool) {
  const std::string r = Unique("rn");
  MakeReseller(r, "limit_users=3&limit_quota=1000&limit_traff=5000");
  const As reseller = As::Login(r, kPassword);
  const std::string u1 = Unique("un");
  const std::string u2 = Unique("un");
  // Exactly what billing modules send: name, passwd, sok (ISP5 "ok", ISP4 "yes").
  BOOST_TEST(IsOk(reseller.Call("user.edit", "sok=ok&name=" + u1 + "&passwd=" + kPassword)));
  BOOST_TEST(IsOk(reseller.Call("user.edit", "sok=yes&name=" + u2 + "&passwd=" + kPassword +
                                                 "&fullname=Client%20Two&email=c2%40example.com")));
  // They allocate nothing: the whole pool is still there for an explicit value.
  BOOST_TEST(IsOk(reseller.Call(
      "user.edit", "sok=ok&name=" + Unique("un") + "&passwd=" + kPassword + "&limit_quota=1000")));
  const pugi::xml_document list = reseller.Call("user", "p_cnt=100");
  pugi::xml_node row = FindRow(list, u1);
  BOOST_TEST(row.child("quota").attribute("limit").value() == std::string(""));
  BOOST_TEST(row.child("quota").attribute("owner_limit").value() == std::string("1000"));
  BOOST_TEST(row.child_value("quota") == std::string("0 / ≤ 1000"));
  BOOST_TEST(row.child("traffic").attribute("owner_limit").value() == std::string("5000"));
  BOOST_TEST(list.child("doc").child_value("p_elems") == std::string("3"));  // not its own client
  // The form shows "no limit of its own" as an empty field, and a later edit keeps it so.
  BOOST_TEST(reseller.Call("user.edit", "elid=" + u1).child("doc").child_value("limit_quota") ==
             std::string(""));
  // An explicit value is still checked against what is left.
  pugi::xml_document over = reseller.Call("user.edit", "sok=ok&elid=" + u2 + "&limit_quota=1");
  BOOST_TEST(ErrorType(over) == "limit");
  BOOST_TEST(Detail(over) == "1 MiB asked, 0 MiB left (1000 MiB of 1000 MiB given out)");
  // Usage still counts against the owner's pool: the reseller shows over its limit.
  BOOST_TEST(
      IsOk(As::Admin().Call("usage.report", "elid=" + u1 + "&quota_used=1500&traff_used=0")));
  BOOST_TEST(FindRow(As::Admin().Call("reseller", "name=" + r + "&status=overlimit"), r));
  // The panel says so in words.
  const std::string page =
      HttpGet(Url("authinfo=" + r + ":" + kPassword + "&func=user&out=html")).body;
  BOOST_TEST(page.find("up to the owner's limit") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(isp4_errors_name_the_kind_of_object) {
  const Tenant t;
  const As reseller = As::Login(t.r, kPassword);
  // A repeated delete: "not exists" of a user; a repeated create: "exists" of a user.
  pugi::xml_document gone = reseller.Call("user.delete", "elid=nosuch-" + t.u);
  BOOST_TEST(ErrorType(gone) == "missed");
  BOOST_TEST(ErrorObjectOf(gone) == "elid");  // type and object stay as they were
  BOOST_TEST(ErrorCode(gone) == "3");
  BOOST_TEST(ErrorObj(gone) == "user");
  pugi::xml_document again =
      reseller.Call("user.edit", "sok=yes&name=" + t.u + "&passwd=" + kPassword);
  BOOST_TEST(ErrorType(again) == "exists");
  BOOST_TEST(ErrorCode(again) == "2");
  BOOST_TEST(ErrorObj(again) == "user");
  BOOST_TEST(ErrorObj(reseller.Call("user.edit", "elid=nosuch-" + t.u)) == "user");
  BOOST_TEST(ErrorObj(reseller.Call("user.suspend", "elid=nosuch-" + t.u)) == "user");

  BOOST_TEST(ErrorObj(As::Admin().Call("reseller.delete", "elid=nosuch-" + t.r)) == "reseller");
  pugi::xml_document taken =
      As::Admin().Call("reseller.edit", "sok=ok&name=" + t.r + "&passwd=" + kPassword);
  BOOST_TEST(ErrorCode(taken) == "2");
  BOOST_TEST(ErrorObj(taken) == "reseller");
  BOOST_TEST(ErrorObj(As::Admin().Call("reseller.message", "elid=nosuch-" + t.r)) == "reseller");

  const std::string p = Unique("pv");
  BOOST_TEST(IsOk(reseller.Call("preset.edit", "sok=ok&name=" + p + "&limit_quota=1")));
  pugi::xml_document preset = reseller.Call("preset.edit", "sok=ok&name=" + p + "&limit_quota=1");
  BOOST_TEST(ErrorCode(preset) == "2");
  BOOST_TEST(ErrorObj(preset) == "preset");
  BOOST_TEST(ErrorObj(reseller.Call("preset.delete", "elid=nosuch")) == "preset");
  BOOST_TEST(ErrorCode(reseller.Call("ticket.edit", "elid=999999999")) == "3");
  BOOST_TEST(ErrorObj(reseller.Call("ticket.edit", "elid=999999999")) == "ticket");
  BOOST_TEST(ErrorObj(reseller.Call("ticket.close", "elid=999999999")) == "ticket");
}

BOOST_AUTO_TEST_CASE(user_su_on_a_session_switches_it_for_the_client_made_user) {
  const Tenant t;  // the user was made with only name and passwd
  const std::string sid = LogIn(TestEnv("BASE_URL"), Admin(), AdminPassword());
  BOOST_TEST(IsOk(As::Session(sid).Call("user.su", "elid=" + t.u)));
  pugi::xml_document who = As::Session(sid).Call("whoami");
  BOOST_TEST(who.child("doc").child("user").attribute("name").value() == t.u);
  BOOST_TEST(who.child("doc").child("user").attribute("level").as_int() == 16);
}

// API.md: every changing function accepts idempotency_key; the same key with the same
// parameters gets the first reply, and the change happens once.
BOOST_AUTO_TEST_CASE(a_change_retried_with_its_idempotency_key_happens_once) {
  const Tenant t;
  const auto tickets_of = [&] {
    const pugi::xml_document list = As::Login(t.r, kPassword).Call("ticket");
    int rows = 0;
    for (pugi::xml_node row : list.child("doc").children("elem")) rows += row ? 1 : 0;
    return rows;
  };
  const std::string message = "sok=ok&elid=" + t.r + "&subject=Invoice&priority=low&text=Paid";
  const std::string key = "idem-" + t.r;
  pugi::xml_document first =
      As::Admin().Call("reseller.message", message + "&idempotency_key=" + key);
  BOOST_TEST_REQUIRE(IsOk(first));
  const std::string id = first.child("doc").child_value("id");
  // The retry (ISP4 spelling of sok, another output format) gets the first reply.
  HttpResponse again = HttpGet(Url(AdminAuthinfo() + "&func=reseller.message&" + message +
                                   "&sok=yes&out=json&idempotency_key=" + key));
  BOOST_TEST(again.Json()["doc"]["id"]["$"] == id);
  BOOST_TEST(again.Json()["doc"].contains("ok"));
  // The same key for another change is refused, and changes nothing.
  pugi::xml_document other =
      As::Admin().Call("reseller.message", message + "2&idempotency_key=" + key);
  BOOST_TEST(ErrorType(other) == "conflict");
  BOOST_TEST(ErrorObjectOf(other) == "idempotency_key");
  // Retries racing each other: one change, one reply for all.
  HttpGet(Url("func=whoami"));  // libcurl's global set-up, before any thread
  const std::string raced = key + "-race";
  std::vector<HttpResponse> replies(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    threads.emplace_back([&, i] {
      replies[i] = HttpGet(
          Url(AdminAuthinfo() + "&func=reseller.message&" + message + "&idempotency_key=" + raced));
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::string raced_id = replies[0].Xml().child("doc").child_value("id");
  BOOST_TEST(!raced_id.empty());
  BOOST_TEST(raced_id != id);
  for (const HttpResponse& reply : replies)
    BOOST_TEST(reply.Xml().child("doc").child_value("id") == raced_id, reply.body);
  BOOST_TEST(tickets_of() == 2);  // the first message and the raced one

  // A create: the retry is the first reply, not "name taken"; without a key it is.
  const As reseller = As::Login(t.r, kPassword);
  const std::string u = Unique("ui");
  const std::string create = "sok=ok&name=" + u + "&passwd=" + kPassword;
  BOOST_TEST(IsOk(reseller.Call("user.edit", create + "&idempotency_key=" + u)));
  pugi::xml_document retried = reseller.Call("user.edit", create + "&idempotency_key=" + u);
  BOOST_TEST(IsOk(retried));
  BOOST_TEST(retried.child("doc").child_value("id") == u);
  BOOST_TEST(ErrorType(reseller.Call("user.edit", create)) == "exists");
  // Keys are the caller's own: another login's same key is another change.
  BOOST_TEST(ErrorType(As::Admin().Call("user.edit", create + "&idempotency_key=" + u)) ==
             "exists");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(review)

BOOST_AUTO_TEST_CASE(text_output_cannot_be_forged_through_a_stored_value_or_a_login_name) {
  const Tenant t;
  const As reseller = As::Login(t.r, kPassword);
  // A line break stored in a user's full name, hoping for a forged row.
  BOOST_TEST(IsOk(reseller.Call("user.edit", "sok=ok&elid=" + t.u + "&fullname=" +
                                                 UrlEncode("Eve\nname=forged active=on\r\\"))));
  for (const std::string& credentials : {As::Admin().credentials, reseller.credentials}) {
    const std::string text =
        HttpGet(Url(credentials + "&func=user&name=" + t.u + "&out=text")).body;
    BOOST_TEST(text.find("\nname=forged") == std::string::npos);
    BOOST_TEST(text.find('\r') == std::string::npos);
    BOOST_TEST(text.find("fullname=Eve\\nname\\=forged active\\=on\\r\\\\") != std::string::npos);
  }
  // An anonymous client puts a line into a failed login's name, which the audit list shows.
  const std::string forged = "x\nOK ";
  HttpGet(Url("func=auth&username=" + UrlEncode(forged) + "&password=x&out=text"),
          {.source_ip = SourceIp(5)});
  const std::string audit =
      HttpGet(Url(AdminAuthinfo() + "&func=audit&out=text&target=" + UrlEncode(forged))).body;
  BOOST_TEST(audit.find("\nOK \n") == std::string::npos);
  BOOST_TEST(audit.find("x\\nOK ") != std::string::npos);
  // Errors too: one line whatever the value quoted in it.
  const std::string error =
      HttpGet(Url(AdminAuthinfo() + "&func=" + UrlEncode("nosuch\nOK ") + "&out=text")).body;
  BOOST_TEST(error.find('\n') == error.size() - 1);
}

BOOST_AUTO_TEST_CASE(login_names_are_compared_exactly_and_audited_as_given) {
  const Tenant t;
  const std::string ip = SourceIp(7);
  for (const std::string& name : {Admin() + "   ", " " + Admin(), Admin() + "\t"}) {
    pugi::xml_document doc =
        HttpGet(Url("authinfo=" + UrlEncode(name + ":" + AdminPassword()) + "&func=whoami"),
                {.source_ip = ip})
            .Xml();
    BOOST_TEST(ErrorObjectOf(doc) == "badpassword", "'" << name << "'");
  }
  pugi::xml_document padded =
      HttpGet(Url("func=auth&username=" + UrlEncode(t.r + " ") + "&password=" + kPassword),
              {.source_ip = ip})
          .Xml();
  BOOST_TEST(ErrorObjectOf(padded) == "badpassword");
  BOOST_TEST(!padded.child("doc").child("auth"));
  BOOST_TEST(LastActor(t.r + " ", "badpassword") == t.r + " ");  // as given, never merged
  // The exact name still works, and is what a success records.
  BOOST_TEST(As::Login(t.r, kPassword).Call("whoami").child("doc").child("user"));
  BOOST_TEST(ErrorType(CallFrom(ip, As::Login(t.r + " ", kPassword), "whoami")) == "auth");
}

BOOST_AUTO_TEST_CASE(an_over_long_login_name_is_a_bad_password_audited_and_throttled) {
  std::string name;
  for (int i = 0; i < 40; ++i) name += "é";  // 80 bytes: over the 64 a login name holds
  const std::string ip = SourceIp(9);
  for (const std::string& query : {"authinfo=" + UrlEncode(name + ":x") + "&func=whoami",
                                   "func=auth&username=" + UrlEncode(name) + "&password=x"}) {
    pugi::xml_document doc = HttpGet(Url(query), {.source_ip = ip}).Xml();
    BOOST_TEST(ErrorType(doc) == "auth");
    BOOST_TEST(ErrorObjectOf(doc) == "badpassword");
  }
  const std::string cut = name.substr(0, 64);  // 32 whole characters
  BOOST_TEST(AuditRows("whoami", cut, "badpassword") >= 1);
  BOOST_TEST(AuditRows("auth", cut, "badpassword") >= 1);
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> count(
      db->prepareStatement("SELECT failures FROM auth_failure WHERE scope = 'ip' AND subject = ?"));
  count->setString(1, ip);
  std::unique_ptr<sql::ResultSet> rows(count->executeQuery());
  BOOST_TEST_REQUIRE(rows->next());
  BOOST_TEST(rows->getInt(1) >= 2);
}

// Every way a password or key is checked, 40 wrong attempts at once from one address against one
// login: no more are checked (audited as failed) than the 5 attempts a login has in the stack.
BOOST_AUTO_TEST_CASE(parallel_wrong_attempts_are_checked_no_more_than_the_limit_on_any_path) {
  struct Path {
    std::string func;           // as audited
    std::string failed;         // the audited outcome of a checked, wrong attempt
    std::string failed_object;  // the reply's error object for it
    std::string (*query)(const std::string& login, const std::string& sid);
  };
  const Path paths[] = {
      {"whoami", "badpassword", "badpassword",
       [](const std::string& login, const std::string&) {
         return "authinfo=" + login + ":wrong-password&func=whoami";
       }},
      {"auth", "badpassword", "badpassword",
       [](const std::string& login, const std::string&) {
         return "func=auth&username=" + login + "&password=wrong-password";
       }},
      {"auth", "key", "key",
       [](const std::string& login, const std::string&) {
         return "func=auth&username=" + login + "&key=0123456789abcdef-not-issued";
       }},
      {"usrparam", "badpassword", "oldpasswd",
       [](const std::string&, const std::string& sid) {
         return "auth=" + sid + "&func=usrparam&sok=ok&oldpasswd=wrong-password&passwd=next-pass-1";
       }},
  };
  HttpGet(Url("func=whoami"));  // libcurl's global set-up, before any thread
  int host = 60;
  for (const Path& path : paths) {
    const std::string r = Unique("rt");
    MakeReseller(r);
    const std::string sid = LogIn(TestEnv("BASE_URL"), r, kPassword);
    const std::string ip = SourceIp(host++);
    constexpr int kAttempts = 40;
    std::atomic<int> throttled{0};
    std::atomic<int> checked{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kAttempts; ++i) {
      threads.emplace_back([&] {
        const std::string object =
            ErrorObjectOf(HttpGet(Url(path.query(r, sid)), {.source_ip = ip}).Xml());
        if (object == "throttled") ++throttled;
        if (object == path.failed_object) ++checked;
      });
    }
    for (std::thread& thread : threads) thread.join();
    const std::string what = path.func + " " + path.failed;
    BOOST_TEST(checked.load() + throttled.load() == kAttempts, what);
    BOOST_TEST(checked.load() <= 5, what);
    BOOST_TEST(checked.load() >= 1, what);
    BOOST_TEST(AuditRows(path.func, r, path.failed) == checked.load(), what);
  }
}

// Workers remember passwords they verified (authinfo= on every call costs one hash per worker),
// and a new password, a suspension or a wrong password is never answered from what they keep.
BOOST_AUTO_TEST_CASE(a_remembered_authinfo_password_stops_working_when_it_changes) {
  const Tenant t;
  const std::string ip = SourceIp(19);
  const As old_password = As::Login(t.r, kPassword);
  for (int i = 0; i < 16; ++i)  // every worker has seen it (4 in the stack)
    BOOST_TEST_REQUIRE(old_password.Call("whoami").child("doc").child("user"));
  BOOST_TEST(ErrorType(CallFrom(ip, As::Login(t.r, "not-the-password"), "whoami")) == "auth");
  BOOST_TEST(AuditRows("whoami", t.r, "badpassword") == 1);  // a wrong one is still checked

  // An address out of attempts gets nothing from what the workers remember, or guesses there
  // could go on at full speed until one matched.
  const std::string sprayer = SourceIp(31);
  for (int i = 0; i < 16; ++i)
    BOOST_TEST_REQUIRE(CallFrom(sprayer, old_password, "whoami").child("doc").child("user"));
  for (int i = 0; i < 10; ++i)
    CallFrom(sprayer, As::Login("spray-" + std::to_string(i) + t.r, "guess"), "whoami");
  for (int i = 0; i < 8; ++i)
    BOOST_TEST(ErrorObjectOf(CallFrom(sprayer, old_password, "whoami")) == "throttled");

  BOOST_TEST(IsOk(As::Admin().Call("reseller.suspend", "elid=" + t.r)));
  for (int i = 0; i < 8; ++i) BOOST_TEST(ErrorType(CallFrom(ip, old_password, "whoami")) == "auth");
  BOOST_TEST(IsOk(As::Admin().Call("reseller.resume", "elid=" + t.r)));

  BOOST_TEST(
      IsOk(As::Admin().Call("reseller.edit", "sok=ok&elid=" + t.r + "&passwd=new-pass-123")));
  for (int i = 0; i < 16; ++i)
    BOOST_TEST(ErrorType(CallFrom(ip, old_password, "whoami")) == "auth");
}

BOOST_AUTO_TEST_CASE(changing_ones_own_password_needs_the_current_one) {
  const Tenant t;
  const As user = As::Login(t.u, kPassword);
  const std::string fresh = "fresh-password-1";
  pugi::xml_document missing =
      user.Call("usrparam", "sok=ok&passwd=" + fresh + "&confirm=" + fresh);
  BOOST_TEST(ErrorType(missing) == "value");
  BOOST_TEST(ErrorObjectOf(missing) == "oldpasswd");
  const std::string ip = SourceIp(17);
  pugi::xml_document wrong = CallFrom(
      ip, user, "usrparam", "sok=ok&oldpasswd=not-it-at-all&passwd=" + fresh + "&confirm=" + fresh);
  BOOST_TEST(ErrorObjectOf(wrong) == "oldpasswd");
  BOOST_TEST(AuditRows("usrparam", t.u, "badpassword") == 1);  // counted like a login
  pugi::xml_document same =
      user.Call("usrparam", "sok=ok&oldpasswd=" + std::string(kPassword) + "&passwd=" + kPassword);
  BOOST_TEST(ErrorObjectOf(same) == "passwd");
  BOOST_TEST(Detail(same) == "the new password is the current one");
  BOOST_TEST(ErrorType(CallFrom(ip, As::Login(t.u, fresh), "whoami")) == "auth");  // unchanged

  BOOST_TEST(IsOk(user.Call("usrparam", "sok=ok&oldpasswd=" + std::string(kPassword) +
                                            "&passwd=" + fresh + "&confirm=" + fresh)));
  BOOST_TEST(As::Login(t.u, fresh).Call("whoami").child("doc").child("user"));

  // Its reseller, acting as it, sets a password without knowing the current one; the audit
  // row names the reseller's login.
  const std::string parents = "set-by-parent-1";
  BOOST_TEST(
      IsOk(As::Login(t.r, kPassword).Call("usrparam", "su=" + t.u + "&sok=ok&passwd=" + parents)));
  BOOST_TEST(As::Login(t.u, parents).Call("whoami").child("doc").child("user"));
  BOOST_TEST(LastActor(t.u, "changed") == t.r);
}

BOOST_AUTO_TEST_CASE(a_password_login_from_another_site_is_refused_and_api_logins_are_not) {
  const Tenant t;
  const std::string login = "func=auth&username=" + t.r + "&password=" + kPassword;
  const std::string ip = SourceIp(13);
  for (const std::vector<std::string>& headers :
       std::vector<std::vector<std::string>>{{"Sec-Fetch-Site: cross-site"},
                                             {"Sec-Fetch-Site: same-site"},
                                             {"Origin: http://evil.example"},
                                             {"Origin: null"}}) {
    for (const char* out : {"xml", "json"}) {
      HttpResponse r =
          HttpPost(Url("out=" + std::string(out)), login, {.source_ip = ip, .headers = headers});
      BOOST_TEST(r.set_cookies.empty(), headers[0] << " " << out);
      BOOST_TEST(r.body.find("csrf") != std::string::npos, headers[0] << " " << out);
    }
    // A cross-site form aimed at the panel gets the login page, not a session.
    HttpResponse page = HttpPost(
        Url(""), login,
        {.source_ip = ip, .accept = "text/html,application/xhtml+xml", .headers = headers});
    for (const std::string& cookie : page.set_cookies)
      BOOST_TEST(cookie.rfind("resellermgr_ses=", 0) != 0u, headers[0]);
  }
  // The panel's form without the token its login cookie holds: refused as well.
  HttpResponse tokenless =
      HttpPost(Url(""), login, {.source_ip = ip, .accept = "text/html,application/xhtml+xml"});
  BOOST_TEST(tokenless.status == 200);
  for (const std::string& cookie : tokenless.set_cookies)
    BOOST_TEST(cookie.rfind("resellermgr_ses=", 0) != 0u);
  // API clients (no browser headers), and a same-origin page, log in as before.
  HttpResponse api = HttpGet(Url(login + "&out=xml"));
  BOOST_TEST(api.Xml().child("doc").child("auth"));
  HttpResponse same =
      HttpPost(Url("out=xml"), login,
               {.headers = {"Sec-Fetch-Site: same-origin", "Origin: " + TestEnv("BASE_URL")}});
  BOOST_TEST(same.Xml().child("doc").child("auth"));
  // A key login stays the one way in from another site (billing systems' panel buttons).
  const std::string key = "cross-site-key-" + t.r;
  BOOST_TEST(IsOk(As::Admin().Call("session.newkey", "username=" + t.r + "&key=" + key)));
  HttpResponse keyed =
      HttpGet(Url("func=auth&checkcookie=no&out=xml&username=" + t.r + "&key=" + key),
              {.headers = {"Sec-Fetch-Site: cross-site"}});
  BOOST_TEST(keyed.Xml().child("doc").child("auth"));
}

BOOST_AUTO_TEST_CASE(nginx_refusals_are_typed_errors_in_the_format_asked_for) {
  const std::string big(2 * 1024 * 1024, 'x');
  HttpResponse json = HttpPost(Url("func=whoami&out=json"), "blob=" + big);
  BOOST_TEST(json.status == 413);
  BOOST_TEST(json.content_type == "application/json");
  BOOST_TEST(json.Json()["doc"]["error"]["$type"] == "value");
  BOOST_TEST(json.Json()["doc"]["error"]["$code"] == "4");
  HttpResponse text = HttpPost(Url("func=whoami&out=text"), "blob=" + big);
  BOOST_TEST(text.body == "ERROR value(request): The request is too large\n");
  HttpResponse xml = HttpPost(Url("func=whoami"), "blob=" + big);
  BOOST_TEST(xml.content_type == "text/xml");
  BOOST_TEST(ErrorObjectOf(xml.Xml()) == "request");

  HttpResponse long_line = HttpGet(Url("func=whoami&x=" + std::string(20000, 'y')));
  BOOST_TEST(long_line.status == 414);
  BOOST_TEST(ErrorType(long_line.Xml()) == "value");
  HttpResponse long_header =
      HttpGet(Url("func=whoami"), {.headers = {"X-Filler: " + std::string(20000, 'z')}});
  BOOST_TEST(long_header.status == 400);
  BOOST_TEST(ErrorOf(long_header.Xml()).child_value("msg") ==
             std::string("The request headers are too large"));
}

BOOST_AUTO_TEST_CASE(the_fastcgi_socket_is_private_and_half_sent_requests_cannot_hold_workers) {
  const std::string socket_path = TestEnv("STACK_DIR") + "/app.sock";
  struct stat info {};
  BOOST_TEST_REQUIRE(stat(socket_path.c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 0777) == 0660u);
  // Twice as many half-sent FastCGI records as the stack has workers.
  std::vector<int> held;
  for (int i = 0; i < 8; ++i) {
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    socket_path.copy(address.sun_path, sizeof address.sun_path - 1);
    BOOST_TEST_REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const char partial_header[] = {1, 1, 0};  // version, BEGIN_REQUEST, half a request id
    BOOST_TEST_REQUIRE(write(fd, partial_header, sizeof partial_header) == 3);
    held.push_back(fd);
  }
  // Workers drop them after io_timeout_seconds (2 in the stack), so a request is answered.
  const auto started = std::chrono::steady_clock::now();
  HttpResponse answered = HttpGet(Url(AdminAuthinfo() + "&func=whoami"));
  const auto waited = std::chrono::steady_clock::now() - started;
  BOOST_TEST(answered.Xml().child("doc").child("user"));
  BOOST_TEST(waited < std::chrono::seconds(25));
  for (int fd : held) close(fd);
}

// Connections open to the FastCGI socket (accepted ones carry the listener's path in
// /proc/net/unix; state 03 is connected).
int ConnectionsTo(const std::string& socket_path) {
  std::ifstream table("/proc/net/unix");
  std::string line;
  int connected = 0;
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::string num, refs, protocol, flags, type, state, inode, path;
    fields >> num >> refs >> protocol >> flags >> type >> state >> inode >> path;
    if (path == socket_path && state == "03") ++connected;
  }
  return connected;
}

// Issue 26: nginx keeps its FastCGI connections (fastcgi_keep_conn, upstream keepalive) and the
// workers answer request after request on them: requests made one at a time open no new
// connection once nginx holds some (at most one more per nginx worker process that had none).
BOOST_AUTO_TEST_CASE(nginx_keeps_its_fastcgi_connections_and_sends_request_after_request) {
  const std::string socket_path = TestEnv("STACK_DIR") + "/app.sock";
  const int nginx_workers = static_cast<int>(std::thread::hardware_concurrency());
  for (int i = 0; i < 10; ++i)
    BOOST_TEST_REQUIRE(HttpGet(Url(AdminAuthinfo() + "&func=whoami")).Xml().child("doc").child(
        "user"));
  const int kept = ConnectionsTo(socket_path);
  BOOST_TEST(kept >= 1);
  BOOST_TEST(kept <= nginx_workers * 16);  // each worker keeps up to 16 idle (scripts/lib.sh)
  for (int i = 0; i < 40; ++i)
    BOOST_TEST_REQUIRE(HttpPost(Url("func=whoami"), AdminAuthinfo()).Xml().child("doc").child(
        "user"));
  BOOST_TEST(ConnectionsTo(socket_path) <= kept + nginx_workers);
}

// Issue 20: one byte at a time renews a per-read timeout forever; the deadline is the whole
// request's. Eight connections (twice the workers) dribble a FastCGI record, a byte every 0.4 s,
// for 12 s: a request is still answered long before they stop.
BOOST_AUTO_TEST_CASE(a_request_dribbled_a_byte_at_a_time_cannot_hold_a_worker) {
  const std::string socket_path = TestEnv("STACK_DIR") + "/app.sock";
  std::atomic<bool> stop{false};
  std::vector<std::thread> dribblers;
  for (int i = 0; i < 8; ++i) {
    dribblers.emplace_back([&] {
      const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
      sockaddr_un address{};
      address.sun_family = AF_UNIX;
      socket_path.copy(address.sun_path, sizeof address.sun_path - 1);
      if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return;
      // BEGIN_REQUEST (responder, keep the connection), then a PARAMS record of 1,000 bytes.
      std::string bytes = {1, 1, 0, 1, 0, 8, 0, 0, 0, 1, 1,
                           0, 0, 0, 0, 0, 1, 4, 0, 1, 3, static_cast<char>(0xe8),
                           0, 0};
      bytes += std::string(1000, 'a');
      for (std::size_t sent = 0; sent < bytes.size() && !stop.load(); ++sent) {
        if (send(fd, &bytes[sent], 1, MSG_NOSIGNAL) != 1) break;  // cut by the server
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
      }
      close(fd);
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // every worker is taken
  const auto started = std::chrono::steady_clock::now();
  HttpResponse answered = HttpGet(Url(AdminAuthinfo() + "&func=whoami"));
  const auto waited = std::chrono::steady_clock::now() - started;
  stop = true;
  for (std::thread& dribbler : dribblers) dribbler.join();
  BOOST_TEST(answered.Xml().child("doc").child("user"));
  BOOST_TEST(waited < std::chrono::seconds(8));  // io_timeout_seconds is 2 in the stack
}

BOOST_AUTO_TEST_CASE(lower_findings_are_typed_errors) {
  const Tenant t;
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("whoami", "lang=de")) == "lang");
  BOOST_TEST(ErrorObjectOf(As::Admin().Call("reseller", "p_order=sideways")) == "p_order");
  BOOST_TEST(!ErrorOf(As::Admin().Call("reseller", "p_order=desc&lang=ru")));
  BOOST_TEST(ErrorObjectOf(As::Login(t.u, kPassword).Call("usrparam", "sok=ok&fullname=a%7Fb")) ==
             "fullname");
  BOOST_TEST(
      ErrorObjectOf(As::Login(t.u, kPassword).Call("usrparam", "sok=ok&fullname=a%C2%85b")) ==
      "fullname");
  // A ticket number has one spelling.
  BOOST_TEST(IsOk(As::Admin().Call("reseller.message",
                                   "sok=ok&elid=" + t.r + "&subject=Hello&priority=low&text=Hi")));
  const pugi::xml_document tickets = As::Login(t.r, kPassword).Call("ticket");
  const std::string id = tickets.child("doc").child("elem").child_value("id");
  BOOST_TEST_REQUIRE(!id.empty());
  BOOST_TEST(!ErrorOf(As::Login(t.r, kPassword).Call("ticket.edit", "elid=" + id)));
  BOOST_TEST(ErrorType(As::Login(t.r, kPassword).Call("ticket.edit", "elid=0" + id)) == "value");
}

BOOST_AUTO_TEST_SUITE_END()

// Table-driven: every registered function, so a new one joins without a line here.
BOOST_AUTO_TEST_SUITE(sweeps)

// A value stored by a user, with everything that shapes xml, json and text, read back through
// every function in every format: each reply parses, and no line of text output is forged.
BOOST_AUTO_TEST_CASE(a_stored_value_cannot_break_or_forge_any_reply_in_any_format) {
  const Tenant t;
  const std::string evil = "Eve\nFORGED=1 name=forged\r\\ \"'<&>]]>{}";
  BOOST_TEST_REQUIRE(
      IsOk(As::Login(t.r, kPassword)
               .Call("user.edit", "sok=ok&elid=" + t.u + "&fullname=" + UrlEncode(evil))));
  BOOST_TEST(IsOk(As::Login(t.r, kPassword)
                      .Call("user.suspend", "elid=" + t.u + "&reason=" + UrlEncode(evil))));
  const std::string admin_sid = LogIn(TestEnv("BASE_URL"), Admin(), AdminPassword());
  const std::string reseller_sid = LogIn(TestEnv("BASE_URL"), t.r, kPassword);
  const auto registry = Registry();
  const std::set<std::string> skipped = {"auth", "session.delete"};
  int checked = 0;
  for (const std::string& sid : {admin_sid, reseller_sid}) {
    for (const std::string& func : registry.Names()) {
      if (skipped.count(func)) continue;
      // Changing functions only without a target (an error); forms and lists with it too.
      std::vector<std::string> queries = {""};
      if (registry.Find(func)->effect != Effect::kChanges) queries.push_back("&elid=" + t.u);
      for (const std::string& query : queries) {
        for (const char* out : {"xml", "json", "text"}) {
          HttpResponse reply =
              HttpGet(Url("auth=" + sid + "&func=" + func + query + "&out=" + out));
          const std::string what = func + query + " " + out + ": " + reply.body.substr(0, 300);
          BOOST_TEST_REQUIRE(reply.status == 200, what);
          // A file (a report's CSV or chart) is the file in every format; the value is not in it.
          if (reply.headers.count("content-disposition")) {
            BOOST_TEST(reply.body.find("FORGED") == std::string::npos, what);
            ++checked;
            continue;
          }
          if (std::string(out) == "xml") BOOST_TEST(IsWellFormedXml(reply.body), what);
          if (std::string(out) == "json") BOOST_TEST(nlohmann::json::accept(reply.body), what);
          if (std::string(out) == "text") {
            BOOST_TEST(reply.body.find('\r') == std::string::npos, what);
            BOOST_TEST(reply.body.find("\nFORGED") == std::string::npos, what);
            BOOST_TEST(reply.body.rfind("FORGED", 0) != 0u, what);
            BOOST_TEST(reply.body.find(" name=forged") == std::string::npos, what);
          }
          ++checked;
        }
      }
    }
  }
  BOOST_TEST(checked > 150);
}

// A name reaches the server as an elid, a login name, a key's user, or su=. Any other spelling
// of a real name (white space around it, another case, a look-alike space) is never that
// object: no function shows it, acts on it, switches to it or logs it in.
BOOST_AUTO_TEST_CASE(no_other_spelling_of_a_name_reaches_its_object) {
  const Tenant t;
  const std::string variants[] = {t.r + " ",        " " + t.r,
                                  t.r + "\t",       t.r + "\n",
                                  t.r + "\xC2\xA0", std::string(1, 'R') + t.r.substr(1)};
  const std::string admin_sid = LogIn(TestEnv("BASE_URL"), Admin(), AdminPassword());
  const auto registry = Registry();
  // Shared by the suites that run beside this one, or ending this sweep's own session.
  const std::set<std::string> skipped = {"auth", "session.delete", "reseller.filter", "user.filter",
                                         "usrparam"};
  int next_ip = 40;  // two failed logins per variant, each from an address of its own
  for (const std::string& variant : variants) {
    const std::string name = UrlEncode(variant);
    const std::string ip = SourceIp(next_ip++);
    for (const std::string& func : registry.Names()) {
      if (skipped.count(func)) continue;
      const std::string key_for = "&username=" + name + "&key=0123456789abcdef0123";
      for (const std::string& query : {"&elid=" + name, "&elid=" + name + "&sok=ok", key_for}) {
        const HttpResponse reply = HttpGet(Url("auth=" + admin_sid + "&func=" + func + query));
        // A file (the admin's report.csv of last month, which needs no name) names no object.
        if (reply.headers.count("content-disposition")) continue;
        pugi::xml_document doc = reply.Xml();
        const std::string what = func + query;
        BOOST_TEST(doc.child("doc").child_value("elid") != t.r, what);
        BOOST_TEST(!doc.child("doc").child("su"), what);
        BOOST_TEST(ErrorType(doc) != "internal", what);
        if (func == "session.newkey" && query == key_for)
          BOOST_TEST(ErrorType(doc) == "missed", what);
      }
      // One request as the variant: refused before the function runs.
      pugi::xml_document as =
          HttpGet(Url("auth=" + admin_sid + "&func=" + func + "&su=" + name)).Xml();
      BOOST_TEST(ErrorObjectOf(as) == "su", func + " su=" + variant);
    }
    // The login paths.
    BOOST_TEST(ErrorObjectOf(
                   HttpGet(Url("authinfo=" + UrlEncode(variant + ":" + kPassword) + "&func=whoami"),
                           {.source_ip = ip})
                       .Xml()) == "badpassword");
    BOOST_TEST(
        !HttpGet(Url("func=auth&username=" + name + "&password=" + kPassword), {.source_ip = ip})
             .Xml()
             .child("doc")
             .child("auth"));
  }
  // And the reseller came through it all as it was.
  const pugi::xml_document list = As::Admin().Call("reseller", "name=" + t.r);
  pugi::xml_node row = FindRow(list, t.r);
  BOOST_TEST_REQUIRE(row);
  BOOST_TEST(row.child_value("active") == std::string("on"));
  BOOST_TEST(row.child("users").attribute("used").as_int() == 1);
}

// reseller.access users=off: every function of the group, and every way to reach a user (su,
// one-shot su=, login keys, a session switched before), is closed; switching the group back on
// opens them again.
BOOST_AUTO_TEST_CASE(a_denied_users_group_closes_every_path_to_the_users) {
  const Tenant t;
  const std::string switched = LogIn(TestEnv("BASE_URL"), t.r, kPassword);
  BOOST_TEST_REQUIRE(IsOk(As::Session(switched).Call("su", "elid=" + t.u)));
  BOOST_TEST_REQUIRE(
      IsOk(As::Admin().Call("reseller.access", "sok=ok&elid=" + t.r + "&users=off")));

  const std::string sid = LogIn(TestEnv("BASE_URL"), t.r, kPassword);
  const As reseller = As::Session(sid);
  const auto registry = Registry();
  int group_functions = 0;
  for (const std::string& func : registry.Names()) {
    if (func == "auth" || func == "session.delete") continue;
    if (registry.Find(func)->group == "users") {
      BOOST_TEST(ErrorType(reseller.Call(func, "elid=" + t.u)) == "access", func);
      ++group_functions;
    }
    pugi::xml_document as = reseller.Call(func, "su=" + t.u);
    BOOST_TEST(ErrorType(as) == "access", func << " su=" << t.u);
  }
  BOOST_TEST(group_functions >= 8);
  for (const char* func : {"su", "user.su"})
    BOOST_TEST(ErrorType(reseller.Call(func, "elid=" + t.u)) == "access", func);
  BOOST_TEST(ErrorType(reseller.Call("session.newkey",
                                     "username=" + t.u + "&key=0123456789abcdef0123")) == "access");
  BOOST_TEST(ErrorType(reseller.Call("usrparam", "su=" + t.u + "&sok=ok&passwd=taken-over-1")) ==
             "access");
  BOOST_TEST(As::Login(t.u, kPassword).Call("whoami").child("doc").child("user"));  // unchanged
  BOOST_TEST(ErrorObjectOf(As::Session(switched).Call("whoami")) == "session");     // ended
  BOOST_TEST(!ErrorOf(reseller.Call("whoami")));  // its own session goes on

  BOOST_TEST(IsOk(As::Admin().Call("reseller.access", "sok=ok&elid=" + t.r + "&users=on")));
  BOOST_TEST(IsOk(reseller.Call("su", "elid=" + t.u)));
  BOOST_TEST(reseller.Call("whoami").child("doc").child("user").attribute("name").value() == t.u);
}

BOOST_AUTO_TEST_SUITE_END()
