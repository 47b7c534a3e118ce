// The change funnel (DESIGN.md "One change funnel") over the real stack: a change writes its
// audit row (with old -> new values) and an outbox event in its own transaction, and the daemon
// delivers the event afterwards as a signed webhook POST, retrying while the receiver is down.
// The receiver is this test: a plain HTTP listener on the stack's WEBHOOK_PORT.

#include <arpa/inet.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "http/api.h"
#include "http/http_fixture.h"
#include "util/crypto.h"

using namespace resellermgr::testing;

namespace {

struct Delivery {
  std::string event, signature, body;
};

std::string HeaderValue(const std::string& head, const std::string& name) {
  std::string lower = head;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string key = "\r\n" + name + ":";
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::size_t at = lower.find(key);
  if (at == std::string::npos) return {};
  std::size_t start = at + key.size();
  while (start < head.size() && head[start] == ' ') ++start;
  return head.substr(start, head.find("\r\n", start) - start);
}

// A webhook receiver on 127.0.0.1:WEBHOOK_PORT while it lives.
class Receiver {
 public:
  Receiver() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(std::stoi(TestEnv("WEBHOOK_PORT"))));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    BOOST_REQUIRE(listen(fd_, 16) == 0);
  }
  ~Receiver() { close(fd_); }

  // The first delivery whose body satisfies `wanted` within `seconds` (others are answered 200
  // and dropped: events of other tests).
  template <typename Wanted>
  std::optional<Delivery> Wait(Wanted wanted, int seconds = 15) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd ready{fd_, POLLIN, 0};
      if (poll(&ready, 1, 200) <= 0) continue;
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      std::optional<Delivery> delivery = Read(client);
      const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      (void)!write(client, reply, sizeof reply - 1);
      close(client);
      if (delivery && wanted(*delivery)) return delivery;
    }
    return std::nullopt;
  }

 private:
  static std::optional<Delivery> Read(int client) {
    timeval timeout{5, 0};
    setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string data;
    char buffer[4096];
    std::size_t head_end = std::string::npos;
    std::size_t length = 0;
    for (;;) {
      const ssize_t n = read(client, buffer, sizeof buffer);
      if (n <= 0) return std::nullopt;
      data.append(buffer, static_cast<std::size_t>(n));
      if (head_end == std::string::npos && (head_end = data.find("\r\n\r\n")) != std::string::npos)
        length = std::stoul("0" + HeaderValue(data.substr(0, head_end), "Content-Length"));
      if (head_end != std::string::npos && data.size() >= head_end + 4 + length) break;
    }
    const std::string head = data.substr(0, head_end);
    return Delivery{HeaderValue(head, "X-Resellermgr-Event"),
                    HeaderValue(head, "X-Resellermgr-Signature"),
                    data.substr(head_end + 4, length)};
  }

  int fd_ = -1;
};

long long Events(const std::string& target, const std::string& where = "1 = 1") {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> count(
      db->prepareStatement("SELECT COUNT(*) FROM outbox_event WHERE target = ? AND " + where));
  count->setString(1, target);
  std::unique_ptr<sql::ResultSet> rows(count->executeQuery());
  rows->next();
  return rows->getInt64(1);
}

bool About(const Delivery& d, const std::string& target, const std::string& event) {
  const auto json = nlohmann::json::parse(d.body, nullptr, false);
  return !json.is_discarded() && json.value("target", "") == target && d.event == event;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outbox)

BOOST_AUTO_TEST_CASE(a_change_is_delivered_after_commit_signed_with_old_and_new_values) {
  Receiver receiver;
  const std::string r = Unique("ob");
  MakeReseller(r);
  std::optional<Delivery> created =
      receiver.Wait([&](const Delivery& d) { return About(d, r, "reseller.created"); });
  BOOST_REQUIRE(created);
  BOOST_TEST(created->signature ==
             "sha256=" + resellermgr::util::HexEncode(resellermgr::util::HmacSha256(
                             TestEnv("WEBHOOK_SECRET"), created->body)));
  const auto payload = nlohmann::json::parse(created->body);
  BOOST_TEST(payload.value("actor", "") == TestEnv("ADMIN_LOGIN"));
  // The event's id and the send time are signed with it (issue 20): a replay is recognisable.
  BOOST_TEST(payload["event_id"].is_number_integer());
  BOOST_TEST(std::abs(payload["sent_at"].get<long long>() - std::time(nullptr)) < 60);
  BOOST_TEST(created->body.find(kPassword) == std::string::npos);  // never a secret

  BOOST_TEST(IsOk(
      As::Admin().Call("reseller.edit", "sok=ok&elid=" + r + "&fullname=New+Name&limit_users=7")));
  std::optional<Delivery> changed =
      receiver.Wait([&](const Delivery& d) { return About(d, r, "reseller.changed"); });
  BOOST_REQUIRE(changed);
  const auto diff = nlohmann::json::parse(changed->body)["changes"];
  BOOST_TEST(diff["fullname"]["old"] == "");
  BOOST_TEST(diff["fullname"]["new"] == "New Name");
  BOOST_TEST(diff["limit_users"]["new"] == "7");
  // A row is marked delivered just after the receiver has it (at least once: a host that died
  // in between would send it again).
  for (int i = 0; i < 50 && Events(r, "delivered_at IS NOT NULL") < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  BOOST_TEST(Events(r, "delivered_at IS NOT NULL") == 2);
  // The audit row says the same.
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> audit(db->prepareStatement(
      "SELECT params FROM audit_log WHERE target = ? AND outcome = 'changed' ORDER BY id DESC"));
  audit->setString(1, r);
  std::unique_ptr<sql::ResultSet> rows(audit->executeQuery());
  BOOST_REQUIRE(rows->next());
  BOOST_TEST(std::string(rows->getString(1)).find("fullname: '' -> 'New Name'") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_refused_change_leaves_no_event_and_a_password_change_no_value) {
  const std::string r = Unique("oc");
  MakeReseller(r, "limit_users=1");
  const std::string u1 = Unique("ou"), u2 = Unique("ou");
  MakeUser(As::Login(r, kPassword), u1);
  BOOST_TEST(ErrorType(As::Login(r, kPassword)
                           .Call("user.edit", "sok=ok&name=" + u2 + "&passwd=" + kPassword)) ==
             "limit");
  BOOST_TEST(Events(u2) == 0);
  BOOST_TEST(AuditRows("user.edit", u2, "created") == 0);
  BOOST_TEST(IsOk(As::Admin().Call("user.edit", "sok=ok&elid=" + u1 + "&passwd=An0ther-pass")));
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> payload(db->prepareStatement(
      "SELECT payload FROM outbox_event WHERE target = ? AND kind = 'user.changed'"));
  payload->setString(1, u1);
  std::unique_ptr<sql::ResultSet> rows(payload->executeQuery());
  BOOST_REQUIRE(rows->next());
  const std::string body = rows->getString(1);
  BOOST_TEST(body.find("An0ther-pass") == std::string::npos);
  BOOST_TEST(body.find("\"password\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_failed_delivery_is_retried_and_never_undoes_the_change) {
  const std::string r = Unique("od");
  MakeReseller(r);  // nobody listens: the delivery fails
  auto attempted = [&] { return Events(r, "attempts >= 1 AND delivered_at IS NULL") >= 1; };
  for (int i = 0; i < 50 && !attempted(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  BOOST_REQUIRE(attempted());
  BOOST_TEST(static_cast<bool>(FindRow(As::Admin().Call("reseller", "name=" + r), r)));
  Receiver receiver;  // up again: the next attempt gets through
  BOOST_TEST(static_cast<bool>(
      receiver.Wait([&](const Delivery& d) { return About(d, r, "reseller.created"); }, 30)));
}

// Issue 22: a pass claims its rows (a lease) before it sends, so no lock is held while a receiver
// answers; a host that died holding a lease leaves rows the others take over once it expires.
BOOST_AUTO_TEST_CASE(a_lease_keeps_other_hosts_off_a_row_and_an_expired_one_is_taken_over) {
  Receiver receiver;
  const std::string r = Unique("ol");
  MakeReseller(r);
  BOOST_REQUIRE(receiver.Wait([&](const Delivery& d) { return About(d, r, "reseller.created"); }));
  {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::PreparedStatement> insert(db->prepareStatement(R"sql(
        INSERT INTO outbox_event (kind, target, payload, next_attempt_at, claimed_by) VALUES
          ('test.leased', ?, JSON_OBJECT('target', ?), UTC_TIMESTAMP(6) + INTERVAL 60 SECOND,
           'dead-host:1'),
          ('test.expired', ?, JSON_OBJECT('target', ?), UTC_TIMESTAMP(6) - INTERVAL 1 SECOND,
           'dead-host:1'))sql"));
    for (int i = 1; i <= 4; ++i) insert->setString(i, r);
    insert->execute();
  }
  BOOST_TEST(static_cast<bool>(
      receiver.Wait([&](const Delivery& d) { return About(d, r, "test.expired"); })));
  for (int i = 0; i < 50 && Events(r, "kind = 'test.expired' AND delivered_at IS NOT NULL") < 1;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  BOOST_TEST(Events(r,
                    "kind = 'test.expired' AND delivered_at IS NOT NULL AND "
                    "claimed_by NOT IN ('', 'dead-host:1')") == 1);
  // Passes go on every second on both instances; the row still leased is not taken.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  BOOST_TEST(Events(r,
                    "kind = 'test.leased' AND delivered_at IS NULL AND attempts = 0 AND "
                    "claimed_by = 'dead-host:1'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
