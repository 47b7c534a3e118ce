// resellermgr: the FastCGI responder. Wiring only; see ../shared/DESIGN.md for the request flow.

#include <curl/curl.h>
#include <malloc.h>

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
  // A request's memory (its reply document's pages, the result set, the rendered body) is freed
  // when it ends, and glibc gave it back to the kernel each time (each worker thread's arena
  // shrank past the 128 KiB trim threshold), so the next request faulted it in again: 13% of a
  // worker's CPU on a list page, in page faults (perf, issue 26). Workers keep what they freed,
  // up to a size no request comes near; a bigger block (an upload) is still mapped and unmapped.
  mallopt(M_TRIM_THRESHOLD, 32 << 20);
  mallopt(M_TOP_PAD, 1 << 20);
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
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
