#pragma once
// Calling functions as a given login over HTTP, for the account tests.

#include <string>
#include <utility>
#include <vector>

#include "http/http_fixture.h"

namespace resellermgr::testing {

// Credentials as a query fragment: "authinfo=..." or "auth=SID".
struct As {
  std::string credentials;

  static As Admin() { return {AdminAuthinfo()}; }
  static As Login(const std::string& name, const std::string& password) {
    return {"authinfo=" + UrlEncode(name + ":" + password)};
  }
  static As Session(const std::string& sid) { return {"auth=" + sid}; }

  // GET /ispmgr?<credentials>&func=<func>&<query>, parsed as XML.
  pugi::xml_document Call(const std::string& func, const std::string& query = {}) const {
    return HttpGet(Url(credentials + "&func=" + func + (query.empty() ? "" : "&" + query))).Xml();
  }
};

inline bool IsOk(const pugi::xml_document& doc) {
  return static_cast<bool>(doc.child("doc").child("ok"));
}
inline std::string ErrorType(const pugi::xml_document& doc) {
  return ErrorOf(doc).attribute("type").value();
}
inline std::string ErrorObjectOf(const pugi::xml_document& doc) {
  return ErrorOf(doc).attribute("object").value();
}
inline std::string Detail(const pugi::xml_document& doc) {
  return ErrorOf(doc).child_value("detail");
}

// Checked by libxml2, which is stricter than pugixml (namespaces, character references).
bool IsWellFormedXml(const std::string& body);

// A name unique within this test run: prefix + counter.
std::string Unique(const std::string& prefix);

constexpr char kPassword[] = "s3cret-pass";

// Creates a reseller (as admin) / a user (as `owner`); fails the test unless it succeeded.
void MakeReseller(const std::string& name, const std::string& extra = {});
// A rate card of `owner`'s with a price a month for each item (issue 23), each step required.
void MakeCard(const As& owner, const std::string& name,
              const std::vector<std::pair<std::string, std::string>>& prices);
void MakeUser(const As& owner, const std::string& name, const std::string& extra = {});

// The <elem> of list `func` whose <name> is `name`, or an empty node.
pugi::xml_node FindRow(const pugi::xml_document& list, const std::string& name);

}  // namespace resellermgr::testing
