#include "http/api.h"

#include <libxml/parser.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

namespace resellermgr::testing {

bool IsWellFormedXml(const std::string& body) {
  xmlDocPtr doc = xmlReadMemory(body.data(), static_cast<int>(body.size()), "reply.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlFreeDoc(doc);
  return doc != nullptr;
}

std::string Unique(const std::string& prefix) {
  static int counter = 0;
  return prefix + std::to_string(getpid() % 10000) + "x" + std::to_string(++counter);
}

void MakeReseller(const std::string& name, const std::string& extra) {
  pugi::xml_document doc =
      As::Admin().Call("reseller.edit", "sok=ok&name=" + name + "&passwd=" + kPassword +
                                            (extra.empty() ? "" : "&" + extra));
  BOOST_REQUIRE_MESSAGE(IsOk(doc), "creating reseller " << name << ": " << Detail(doc));
}

void MakeCard(const As& owner, const std::string& name,
              const std::vector<std::pair<std::string, std::string>>& prices) {
  pugi::xml_document card = owner.Call("ratecard.edit", "sok=ok&name=" + name);
  BOOST_REQUIRE_MESSAGE(IsOk(card), "creating rate card " << name << ": " << Detail(card));
  for (const auto& [item, price] : prices) {
    pugi::xml_document set = owner.Call(
        "ratecard.price.edit", "sok=ok&plid=" + name + "&item=" + item + "&price=" + price);
    BOOST_REQUIRE_MESSAGE(IsOk(set), "pricing " << item << " on " << name << ": " << Detail(set));
  }
}

void MakeUser(const As& owner, const std::string& name, const std::string& extra) {
  pugi::xml_document doc = owner.Call("user.edit", "sok=ok&name=" + name + "&passwd=" + kPassword +
                                                       (extra.empty() ? "" : "&" + extra));
  BOOST_REQUIRE_MESSAGE(IsOk(doc), "creating user " << name << ": " << Detail(doc));
}

pugi::xml_node FindRow(const pugi::xml_document& list, const std::string& name) {
  for (pugi::xml_node row : list.child("doc").children("elem")) {
    if (row.child_value("name") == name) return row;
  }
  return {};
}

}  // namespace resellermgr::testing
