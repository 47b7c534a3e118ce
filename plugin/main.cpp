// resellermgr: the FastCGI responder. Wiring only; see ../shared/DESIGN.md for the request flow.

#include <cppconn/driver.h>
#include <mysql_driver.h>

#include <cstring>
#include <iostream>

#include "core/config.h"
#include "core/dispatcher.h"
#include "core/fcgi_server.h"
#include "core/function_registry.h"
#include "core/log.h"
#include "core/messages.h"
#include "worker.h"

int main(int argc, char** argv) {
  using namespace resellermgr;
  if (argc != 3 || std::strcmp(argv[1], "-c") != 0) {
    std::cerr << "usage: resellermgr -c CONFIG\n";
    return 2;
  }
  try {
    const core::Config config = core::Config::Load({argv[2]});
    core::SetLogLevel(core::ParseLogLevel(config.log_level));
    const core::Messages messages =
        core::Messages::LoadFile(config.xml_dir + "/ispmgr_mod_resellermgr.xml");
    // Not thread-safe: obtained once, before the workers start.
    sql::Driver& driver = *sql::mysql::get_driver_instance();

    core::FunctionRegistry registry;
    RegisterAllFunctions(registry);
    const core::Dispatcher dispatcher(registry, config, messages);

    core::FcgiServer server(config, [&] {
      return std::make_unique<Worker>(driver, config, messages, dispatcher);
    });
    server.Run();
  } catch (const std::exception& e) {
    LOG_ERROR("fatal: " << e.what());
    return 1;
  }
  return 0;
}
