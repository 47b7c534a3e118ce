#pragma once
// The throwaway stack's coordinates, written by tests/stack.sh to the file named by
// $RESELLERMGR_TEST_ENV. A missing file or key fails the test: db and http tests never skip.

#include <cppconn/connection.h>

#include <memory>
#include <string>

namespace resellermgr::testing {

const std::string& TestEnv(const std::string& key);

// A connection as the test's database superuser, to `schema` ("" for none).
std::unique_ptr<sql::Connection> ConnectAsTestSuperuser(const std::string& schema);
// A connection as the application's least-privilege user (from the stack's config file).
std::unique_ptr<sql::Connection> ConnectAsAppUser();

// Runs `command` through the shell; fails the test when it exits non-zero.
void RunOrFail(const std::string& command);

// Runs `command` through the shell and reads what it printed (stdout and stderr).
struct CommandResult {
  int exit_code = -1;  // -1 when it did not exit normally
  std::string output;
};
CommandResult RunCommand(const std::string& command);

// The command line of the stack's resellerctl with `args` (its config and the schema owner's).
std::string Resellerctl(const std::string& args);

}  // namespace resellermgr::testing
