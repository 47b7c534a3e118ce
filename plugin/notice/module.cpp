#include "notice/module.h"

#include "notice/template_functions.h"
#include "notice/welcome.h"

namespace resellermgr::notice {

const core::Module kModule{
    .name = "notice",
    .register_functions =
        [](core::FunctionRegistry& registry) {
          RegisterTemplateFunctions(registry);
          RegisterWelcome(registry);
        },
};

}  // namespace resellermgr::notice
