#pragma once
// What the organisation and findings tests share: calls from an address of their own (a call
// that fails a credential check is counted against its address), a reseller company with its
// owner and staff, and the second factor's codes.

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <liboath/oath.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <ctime>

#include "http/api.h"
#include "http/http_fixture.h"
#include "util/totp.h"

namespace resellermgr::testing {

inline std::string SourceIp(int host) {
  return "127." + std::to_string(getpid() % 250 + 1) + ".7." + std::to_string(host);
}

inline pugi::xml_document CallFrom(const std::string& ip, const As& as, const std::string& func,
                                   const std::string& query = {}) {
  return HttpGet(Url(as.credentials + "&func=" + func + (query.empty() ? "" : "&" + query)),
                 {.source_ip = ip})
      .Xml();
}

// An address no other call of this run used: a call that fails a credential check is counted
// against its address, and the tests must not throttle each other (or the admin's address).
inline std::string FreshIp() {
  static int next = 10;
  next = next >= 250 ? 10 : next + 1;
  return SourceIp(next);
}

// A call expected to fail its credential check.
inline pugi::xml_document Refused(const As& as, const std::string& func,
                                  const std::string& query = {}) {
  return CallFrom(FreshIp(), as, func, query);
}

inline pugi::xml_document WithBearer(const std::string& token, const std::string& func,
                                     const std::string& query = {}) {
  return HttpGet(Url("func=" + func + (query.empty() ? "" : "&" + query)),
                 {.source_ip = FreshIp(), .headers = {"Authorization: Bearer " + token}})
      .Xml();
}

// A reseller company: its owner login r (password kPassword) with one user u.
struct Company {
  std::string r = Unique("org");
  std::string u = Unique("orgu");
  As owner;
  Company() : owner(As::Login(r, kPassword)) {
    MakeReseller(r, "limit_users=10&limit_quota=1000");
    MakeUser(owner, u);
  }
  // A staff login of this company in `group` ("" for none), made by the owner.
  As Staff(const std::string& name, const std::string& group) const {
    const auto made =
        owner.Call("login.edit",
                   "sok=ok&name=" + name + "&passwd=" + std::string(kPassword) + "&group=" + group);
    BOOST_REQUIRE_MESSAGE(IsOk(made),
                          "login.edit " << name << ": " << ErrorOf(made).child_value("msg"));
    return As::Login(name, kPassword);
  }
  std::string Token(const std::string& query) const {
    const auto made = owner.Call("token.edit", "sok=ok&" + query);
    BOOST_REQUIRE_MESSAGE(IsOk(made), "token.edit: " << ErrorOf(made).child_value("msg"));
    return made.child("doc").child_value("token");
  }
};

inline std::string ErrorValue(const pugi::xml_document& doc) {
  for (pugi::xml_node param : ErrorOf(doc).children("param")) {
    if (std::string(param.attribute("name").value()) == "value") return param.child_value();
  }
  return {};
}

inline long long Count(const std::string& sql, const std::string& arg) {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> select(db->prepareStatement(sql));
  select->setString(1, arg);
  std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
  rows->next();
  return rows->getInt64(1);
}

// The secret of a base32 text, as liboath reads it.
inline std::string FromBase32(const std::string& text) {
  char* out = nullptr;
  std::size_t length = 0;
  BOOST_REQUIRE(oath_base32_decode(text.c_str(), text.size(), &out, &length) == OATH_OK);
  std::string secret(out, length);
  std::free(out);
  return secret;
}

// The code of time step now + `steps` (the server accepts one step either way, each once).
inline std::string CodeAt(const std::string& secret, int steps) {
  return resellermgr::util::TotpCode(secret, std::time(nullptr) + 30LL * steps);
}

// Turns the second factor on for `as`; returns the secret and the recovery codes.
inline std::pair<std::string, std::vector<std::string>> Enrol(const As& as) {
  BOOST_REQUIRE(IsOk(as.Call("totp.setup", "sok=ok")));
  const auto shown = as.Call("totp.confirm");
  const std::string secret = FromBase32(shown.child("doc").child_value("secret"));
  BOOST_TEST(std::string(shown.child("doc").child_value("uri")).starts_with("otpauth://totp/"));
  BOOST_TEST(
      std::string(shown.child("doc").child_value("qr")).starts_with("data:image/svg+xml;base64,"));
  const auto done = as.Call("totp.confirm", "sok=ok&code=" + CodeAt(secret, -1));
  BOOST_REQUIRE(IsOk(done));
  std::vector<std::string> codes;
  for (pugi::xml_node code : done.child("doc").child("recovery").children("code"))
    codes.push_back(code.child_value());
  return {secret, codes};
}

}  // namespace resellermgr::testing
