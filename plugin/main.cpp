// resellermgr: the FastCGI responder. Wiring only; see ../shared/DESIGN.md for the request flow.

#include <curl/curl.h>

#include <cstring>
#include <iostream>

#include "base/log.h"
#include "core/fcgi_server.h"
#include "worker.h"

int main(int argc, char** argv) {
  using namespace resellermgr;
  if (argc != 3 || std::strcmp(argv[1], "-c") != 0) {
    std::cerr << "usage: resellermgr -c CONFIG\n";
    return 2;
  }
  // libcurl (the outbox's webhook deliveries) is set up once, before any thread starts.
  curl_global_init(CURL_GLOBAL_DEFAULT);
  try {
    const Runtime runtime({argv[2]});
    core::FcgiServer server(
        runtime.config(), [&runtime] { return runtime.NewWorker(); },
        [&runtime](const std::atomic<bool>& stopping) { runtime.DeliverOutbox(stopping); });
    server.Run();
  } catch (const std::exception& e) {
    LOG_ERROR("fatal: " << e.what());
    return 1;
  }
  return 0;
}
