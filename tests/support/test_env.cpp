#include "support/test_env.h"

#include <cppconn/driver.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>

#include "base/config.h"

namespace resellermgr::testing {
namespace {

std::map<std::string, std::string> Load() {
  const char* path = std::getenv("RESELLERMGR_TEST_ENV");
  if (path == nullptr)
    throw std::runtime_error("RESELLERMGR_TEST_ENV is not set: run the tests through ctest");
  std::ifstream in(path);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path + ": did the stack start?");
  std::map<std::string, std::string> values;
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) values[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return values;
}

std::unique_ptr<sql::Connection> Connect(const std::string& user, const std::string& password,
                                         const std::string& schema) {
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString("unix://" + TestEnv("DB_SOCKET"));
  options["userName"] = user;
  options["password"] = password;
  if (!schema.empty()) options["schema"] = schema;
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  std::unique_ptr<sql::Connection> connection(
      sql::mysql::get_driver_instance()->connect(options));
  // On a Galera cluster (tests/cluster.sh) the tests read what a host wrote through another
  // node: their reads wait for it, as the hosts' own do. A server without Galera ignores it.
  std::unique_ptr<sql::Statement>(connection->createStatement())
      ->execute("SET SESSION wsrep_sync_wait = 1");
  return connection;
}

}  // namespace

const std::string& TestEnv(const std::string& key) {
  static const std::map<std::string, std::string> values = Load();
  auto it = values.find(key);
  if (it == values.end()) throw std::runtime_error("test env has no " + key);
  return it->second;
}

std::unique_ptr<sql::Connection> ConnectAsTestSuperuser(const std::string& schema) {
  return Connect(TestEnv("DB_TEST_USER"), TestEnv("DB_TEST_PASSWORD"), schema);
}

std::unique_ptr<sql::Connection> ConnectAsAppUser() {
  const base::Config config = base::Config::Load({TestEnv("CONFIG")});
  return Connect(config.db.user, config.db.password, config.db.name);
}

void RunOrFail(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("command failed: " + command);
}

CommandResult RunCommand(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
  CommandResult result;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  const int status = pclose(pipe);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

std::string Resellerctl(const std::string& args) {
  return TestEnv("RESELLERCTL") + " -c " + TestEnv("CONFIG") + " -c " + TestEnv("ADMIN_CONFIG") +
         " " + args;
}

}  // namespace resellermgr::testing
