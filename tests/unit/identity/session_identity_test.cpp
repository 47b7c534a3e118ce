#include "identity/session_identity.h"

#include <boost/test/unit_test.hpp>
#include <string>

using resellermgr::identity::DecodeIdentity;
using resellermgr::identity::IdentityField;

namespace {

constexpr int kFields = static_cast<int>(IdentityField::kCount);

// A copy as the server writes it (RM_SESSION_IDENTITY): each field LENGTH:VALUE, "-" for NULL.
std::string Encode(const std::vector<std::optional<std::string>>& fields) {
  std::string text;
  for (const auto& field : fields)
    text += field ? std::to_string(field->size()) + ":" + *field : std::string("-");
  return text;
}

std::vector<std::optional<std::string>> Sample() {
  std::vector<std::optional<std::string>> fields(kFields, std::string("x"));
  fields[static_cast<int>(IdentityField::kLoginName)] = "anna";
  fields[static_cast<int>(IdentityField::kListFilters)] =
      R"({"user":{"name":"a:1-2","status":""}})";
  fields[static_cast<int>(IdentityField::kRights)] = std::nullopt;  // no permission group
  fields[static_cast<int>(IdentityField::kLoginIps)] = "";
  fields[static_cast<int>(IdentityField::kEffectiveName)] = "Пётр";  // bytes, not characters
  return fields;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session_identity)

BOOST_AUTO_TEST_CASE(a_copy_decodes_to_its_fields_with_nulls_empties_and_any_bytes) {
  const std::string text = Encode(Sample());  // the fields are views into it
  const auto fields = DecodeIdentity(text);
  BOOST_REQUIRE(fields.has_value());
  BOOST_TEST(*(*fields)[static_cast<int>(IdentityField::kLoginName)] == "anna");
  BOOST_TEST(*(*fields)[static_cast<int>(IdentityField::kListFilters)] ==
             R"({"user":{"name":"a:1-2","status":""}})");
  BOOST_TEST(!(*fields)[static_cast<int>(IdentityField::kRights)].has_value());
  BOOST_TEST((*fields)[static_cast<int>(IdentityField::kLoginIps)].has_value());
  BOOST_TEST((*fields)[static_cast<int>(IdentityField::kLoginIps)]->empty());
  BOOST_TEST(*(*fields)[static_cast<int>(IdentityField::kEffectiveName)] == "Пётр");
}

BOOST_AUTO_TEST_CASE(anything_but_a_whole_copy_is_refused) {
  const std::string whole = Encode(Sample());
  BOOST_TEST(!DecodeIdentity("").has_value());
  BOOST_TEST(!DecodeIdentity(whole.substr(0, whole.size() - 1)).has_value());  // cut short
  BOOST_TEST(!DecodeIdentity(whole + "-").has_value());                        // one too many
  BOOST_TEST(!DecodeIdentity(whole + "x").has_value());                        // trailing bytes
  auto fewer = Sample();
  fewer.pop_back();
  BOOST_TEST(!DecodeIdentity(Encode(fewer)).has_value());
  BOOST_TEST(!DecodeIdentity("99:short" + whole).has_value());  // a length past the end
  BOOST_TEST(!DecodeIdentity("4anna" + whole).has_value());     // no colon
  BOOST_TEST(!DecodeIdentity(":anna" + whole).has_value());     // no length
  BOOST_TEST(!DecodeIdentity("-1:a" + whole).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
