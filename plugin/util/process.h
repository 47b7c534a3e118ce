#pragma once
// Running a program the configuration names (certbot, nginx's reload) from the daemon: no
// shell unless asked for, its output kept, killed when it runs too long.

#include <string>
#include <vector>

namespace resellermgr::util {

struct ProcessResult {
  int exit_code = -1;  // -1: it could not start, or was killed
  std::string output;  // stdout and stderr together, at most 64 KiB (the end kept)
};

// Runs argv[0] (a path) with `argv` and the daemon's environment, the "NAME=value" entries of
// `environment` in place of any of the same name; waits at most `timeout_seconds`.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::string>& environment, int timeout_seconds);

}  // namespace resellermgr::util
