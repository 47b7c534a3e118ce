#include "core/api_reference.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "worker.h"

using namespace resellermgr;

BOOST_AUTO_TEST_SUITE(api_reference)

// docs/api-reference.md is what the code generates; regenerate it with
//   build/plugin/resellerctl api-reference xml/ispmgr_mod_resellermgr.xml > docs/api-reference.md
BOOST_AUTO_TEST_CASE(the_shipped_reference_is_what_the_code_generates) {
  const std::string source = RESELLERMGR_SOURCE_DIR;
  const std::string xml = source + "/xml/ispmgr_mod_resellermgr.xml";
  core::FunctionRegistry registry;
  RegisterAllFunctions(registry);
  const std::string generated =
      core::ApiReference(registry, core::Metadata::LoadFile(xml), core::Messages::LoadFile(xml));
  std::ifstream file(source + "/docs/api-reference.md");
  std::stringstream shipped;
  shipped << file.rdbuf();
  BOOST_TEST(shipped.str() == generated, "docs/api-reference.md is stale: regenerate it");
  // Every function has its section, and forms list their fields.
  for (const std::string& func : registry.Names())
    BOOST_TEST(generated.find("\n### `" + func + "`\n") != std::string::npos, func);
  BOOST_TEST(generated.find("| `limit_quota` | text | size | 16 | Disk quota, MiB") !=
             std::string::npos);
  BOOST_TEST(generated.find("`quota_used` (MiB on disk now)") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
