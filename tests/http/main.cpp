#define BOOST_TEST_MODULE resellermgr_http
#include <boost/test/unit_test.hpp>

#include "core/function_registry.h"
#include "worker.h"

// The right areas are numbered as the modules register (core/module.h): every test sees the
// program's areas, whichever test runs first.
struct RegisteredModules {
  RegisteredModules() {
    resellermgr::core::FunctionRegistry registry;
    resellermgr::RegisterAllFunctions(registry);
  }
};
BOOST_TEST_GLOBAL_FIXTURE(RegisteredModules);
