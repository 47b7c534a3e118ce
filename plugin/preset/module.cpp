#include "preset/module.h"

#include "preset/preset_functions.h"
#include "preset/preset_store.h"

namespace resellermgr::preset {

const core::Module kModule{
    .name = "preset",
    .areas = {{"presets", true}},
    .register_functions =
        [](core::FunctionRegistry& registry) {
          RegisterPresetFunctions(registry);
          registry.SetGroup("preset", "presets");
        },
    .add_stores = [](core::StoreContext& context) { context.stores.Make<PresetStore>(context.db); },
};

}  // namespace resellermgr::preset
