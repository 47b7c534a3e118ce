#pragma once
// Shared helpers of the http tests: URLs of the stack, admin credentials, and logins of lower
// levels created straight in the stack's database.

#include <string>

#include "support/http_client.h"
#include "support/test_env.h"

namespace resellermgr::testing {

inline std::string Url(const std::string& query) {
  return TestEnv("BASE_URL") + "/ispmgr?" + query;
}
inline std::string ShortUrl(const std::string& query) {
  return TestEnv("SHORT_URL") + "/ispmgr?" + query;
}
inline std::string AdminAuthinfo() {
  return "authinfo=" + UrlEncode(TestEnv("ADMIN_LOGIN") + ":" + TestEnv("ADMIN_PASSWORD"));
}

// Creates (once) an account of `level` with one login `name` / `password`.
void EnsureLogin(const std::string& name, const std::string& password, int level);

// The <error> of an XML reply, or an empty node.
inline pugi::xml_node ErrorOf(const pugi::xml_document& doc) {
  return doc.child("doc").child("error");
}

// Rows in audit_log for `func` with `outcome` and target `target`.
long long AuditRows(const std::string& func, const std::string& target, const std::string& outcome);

}  // namespace resellermgr::testing
