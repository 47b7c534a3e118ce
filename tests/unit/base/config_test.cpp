#include "base/config.h"

#include <boost/test/unit_test.hpp>

#include "core/dispatcher.h"
#include "db/migrator.h"

using namespace resellermgr;

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(keys_are_applied_and_comments_ignored) {
  base::Config config;
  config.Apply("# comment\nthreads = 8\nsocket_mode = 0660\ndb_socket = /tmp/s.sock\n\n", "t");
  BOOST_TEST(config.threads == 8);
  BOOST_TEST(config.socket_mode == 0660);
  BOOST_TEST(config.db.socket == "/tmp/s.sock");
}

BOOST_AUTO_TEST_CASE(database_nodes_are_tried_in_the_order_given) {
  base::Config one;
  one.Apply("db_socket = /run/db.sock", "t");
  BOOST_TEST(one.db.Endpoints() == std::vector<std::string>{"unix:///run/db.sock"});
  base::Config tcp;
  tcp.Apply("db_host = 10.0.0.1\ndb_port = 3307", "t");
  BOOST_TEST(tcp.db.Endpoints() == std::vector<std::string>{"tcp://10.0.0.1:3307"});
  base::Config cluster;
  cluster.Apply(
      "db_socket = /run/db.sock\n"
      "db_nodes = 10.0.0.2:3306, [fd00::3]:3306 ,unix:/run/other.sock\n",
      "t");
  BOOST_TEST(cluster.db.Endpoints() ==
             (std::vector<std::string>{"tcp://10.0.0.2:3306", "tcp://[fd00::3]:3306",
                                       "unix:///run/other.sock"}));
  for (const char* bad :
       {"db_nodes = 10.0.0.2", "db_nodes = 10.0.0.2:0", "db_nodes = :3306",
        "db_nodes = fd00::3:3306", "db_nodes = a b:1", "db_nodes = ,", "db_sync_wait = 16"}) {
    base::Config config;
    BOOST_CHECK_THROW(config.Apply(bad, "t"), std::runtime_error);
  }
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_bad_numbers_fail_at_start_up) {
  base::Config config;
  BOOST_CHECK_THROW(config.Apply("thread = 8", "t"), std::runtime_error);
  BOOST_CHECK_THROW(config.Apply("threads = eight", "t"), std::runtime_error);
  BOOST_CHECK_THROW(config.Apply("threads = 0", "t"), std::runtime_error);
  BOOST_CHECK_THROW(config.Apply("just words", "t"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(secret_parameters_are_recognised) {
  for (const char* name : {"authinfo", "auth", "password", "passwd", "confirm", "key", "csrf",
                           "old_password", "api_key", "client_secret", "reset_token"}) {
    BOOST_TEST(core::IsSecretParam(name), name);
  }
  for (const char* name : {"func", "name", "elid", "out", "keyword", "username"}) {
    BOOST_TEST(!core::IsSecretParam(name), name);
  }
}

BOOST_AUTO_TEST_CASE(migration_files_split_into_statements) {
  const auto statements = db::SplitStatements(
      "-- header\nCREATE TABLE a (\n  x INT\n);\n\n-- next\nINSERT INTO a VALUES (1);\nSELECT 1");
  BOOST_REQUIRE(statements.size() == 3u);
  BOOST_TEST(statements[0] == "CREATE TABLE a (\n  x INT\n)");
  BOOST_TEST(statements[1] == "INSERT INTO a VALUES (1)");
  BOOST_TEST(statements[2] == "SELECT 1");
}

BOOST_AUTO_TEST_SUITE_END()
