// The FastCGI floor: a bare libfcgi responder with the same thread count as resellermgr that
// answers every request with a constant body (read from a file at start-up). Measuring it beside
// resellermgr in the same run shows what our own code costs over libfcgi + nginx.
//   floor_responder SOCKET THREADS BODY_FILE [DB_SOCKET DB_USER DB_PASSWORD DB_NAME [QUERIES]]
// With the database arguments every request first runs one indexed statement (a primary-key
// SELECT, prepared once per thread, through Connector/C++ as resellermgr does): the "floor plus
// one query" that bounds any request which reads the database once. QUERIES (default 1) runs it
// that many times, one round trip each: the floor of a request that makes that many.

#include <cppconn/driver.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <fcgiapp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Database {
  std::string socket, user, password, name;
};

// One connection per worker thread, as resellermgr keeps.
std::unique_ptr<sql::Connection> Connect(sql::Driver& driver, const Database& db) {
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString("unix://" + db.socket);
  options["userName"] = sql::SQLString(db.user);
  options["password"] = sql::SQLString(db.password);
  options["schema"] = sql::SQLString(db.name);
  return std::unique_ptr<sql::Connection>(driver.connect(options));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 8 && argc != 9) {
    std::cerr << "usage: floor_responder SOCKET THREADS BODY_FILE "
                 "[DB_SOCKET DB_USER DB_PASSWORD DB_NAME [QUERIES]]\n";
    return 2;
  }
  std::ifstream in(argv[3], std::ios::binary);
  std::stringstream body;
  body << in.rdbuf();
  const std::string reply =
      "Status: 200 OK\r\nContent-Type: text/xml\r\nCache-Control: no-store\r\n"
      "X-Content-Type-Options: nosniff\r\n\r\n" +
      body.str();
  const bool with_query = argc >= 8;
  const int queries = argc == 9 ? std::atoi(argv[8]) : 1;
  const Database database = with_query ? Database{argv[4], argv[5], argv[6], argv[7]} : Database{};
  sql::Driver* driver = with_query ? get_driver_instance() : nullptr;

  FCGX_Init();
  unlink(argv[1]);
  const int socket_fd = FCGX_OpenSocket(argv[1], 256);
  if (socket_fd < 0) return 1;
  chmod(argv[1], 0666);
  std::vector<std::thread> threads;
  for (int i = 0; i < std::atoi(argv[2]); ++i) {
    threads.emplace_back([socket_fd, &reply, driver, &database, queries] {
      std::unique_ptr<sql::Connection> connection;
      std::unique_ptr<sql::PreparedStatement> lookup;
      if (driver) {
        driver->threadInit();
        connection = Connect(*driver, database);
        lookup.reset(connection->prepareStatement("SELECT id, name FROM account WHERE id = ?"));
      }
      FCGX_Request request;
      FCGX_InitRequest(&request, socket_fd, 0);
      while (FCGX_Accept_r(&request) >= 0) {
        for (int q = 0; lookup && q < queries; ++q) {
          lookup->setInt64(1, 1);
          std::unique_ptr<sql::ResultSet> row(lookup->executeQuery());
          if (!row->next()) std::abort();
        }
        FCGX_PutStr(reply.data(), static_cast<int>(reply.size()), request.out);
        FCGX_Finish_r(&request);
      }
      if (driver) driver->threadEnd();
    });
  }
  for (std::thread& thread : threads) thread.join();
}
