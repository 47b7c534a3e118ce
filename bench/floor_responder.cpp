// The FastCGI floor: a bare libfcgi responder with the same thread count as resellermgr that
// answers every request with a constant body (read from a file at start-up). Measuring it beside
// resellermgr in the same run shows what our own code costs over libfcgi + nginx.
//   floor_responder SOCKET THREADS BODY_FILE

#include <fcgiapp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: floor_responder SOCKET THREADS BODY_FILE\n";
    return 2;
  }
  std::ifstream in(argv[3], std::ios::binary);
  std::stringstream body;
  body << in.rdbuf();
  const std::string reply =
      "Status: 200 OK\r\nContent-Type: text/xml\r\nCache-Control: no-store\r\n"
      "X-Content-Type-Options: nosniff\r\n\r\n" +
      body.str();
  FCGX_Init();
  unlink(argv[1]);
  const int socket_fd = FCGX_OpenSocket(argv[1], 256);
  if (socket_fd < 0) return 1;
  chmod(argv[1], 0666);
  std::vector<std::thread> threads;
  for (int i = 0; i < std::atoi(argv[2]); ++i) {
    threads.emplace_back([socket_fd, &reply] {
      FCGX_Request request;
      FCGX_InitRequest(&request, socket_fd, 0);
      while (FCGX_Accept_r(&request) >= 0) {
        FCGX_PutStr(reply.data(), static_cast<int>(reply.size()), request.out);
        FCGX_Finish_r(&request);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
}
