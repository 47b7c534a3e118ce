#pragma once
// The db tier's fixtures: a scratch database of its own per test, migrated from empty (MigratedDb)
// or not (ScratchDb), dropped afterwards, on the throwaway MariaDB of tests/stack.sh.

#include <cppconn/driver.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "db/connection.h"
#include "db/migrator.h"
#include "db/transaction.h"
#include "identity/auth_store.h"
#include "support/test_env.h"
#include "util/crypto.h"

namespace resellermgr::testing {

inline std::string ScratchName() {
  static int counter = 0;
  return "rm_scratch_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

inline long long Count(sql::Connection& connection, const std::string& query) {
  std::unique_ptr<sql::Statement> statement(connection.createStatement());
  std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(query));
  rows->next();
  return rows->getInt64(1);
}

inline void Execute(sql::Connection& connection, const std::string& statement_text) {
  std::unique_ptr<sql::Statement> statement(connection.createStatement());
  statement->execute(statement_text);
}

inline void SleepSeconds(double seconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(seconds * 1000)));
}

struct ScratchDb {
  ScratchDb() : name(ScratchName()) {
    admin = ConnectAsTestSuperuser("");
    std::unique_ptr<sql::Statement>(admin->createStatement())
        ->execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    admin->setSchema(name);
    settings.socket = TestEnv("DB_SOCKET");
    settings.user = TestEnv("DB_TEST_USER");
    settings.password = TestEnv("DB_TEST_PASSWORD");
    settings.name = name;
    connection = NewConnection();
  }
  // Another connection to the same scratch database, as the test user.
  std::unique_ptr<db::Connection> NewConnection() const {
    auto other = std::make_unique<db::Connection>(*sql::mysql::get_driver_instance(), settings);
    other->EnsureConnected();
    return other;
  }
  ~ScratchDb() {
    connection.reset();
    std::unique_ptr<sql::Statement>(admin->createStatement())->execute("DROP DATABASE " + name);
  }

  std::string name;
  base::DbSettings settings;
  std::unique_ptr<sql::Connection> admin;
  std::unique_ptr<db::Connection> connection;
};

struct MigratedDb : ScratchDb {
  MigratedDb()
      : store(*connection),
        limits(*connection),
        logins(*connection),
        accounts(*connection, limits, logins),
        audit(*connection) {
    db::Migrate(*connection, TestEnv("SQL_DIR"));
    login_id = CreateAdmin("boss", "secret-password");
  }
  // As resellerctl admin create does: the account, then its login, in one transaction.
  long long CreateAdmin(const std::string& name, const std::string& password) {
    db::Transaction tx(*connection);
    admin_account_id = accounts.CreateAdmin(name);
    const long long id =
        store.CreateAdminLogin(admin_account_id, name, util::HashPassword(password));
    tx.Commit();
    return id;
  }
  identity::MySqlAuthStore store;
  tenancy::LimitCatalog limits;
  identity::AccountLogins logins;
  account::MySqlAccountStore accounts;
  audit::AuditLog audit;
  long long login_id;
  long long admin_account_id = 0;

  // The admin's scope, as the dispatcher gives it to a store.
  tenancy::Scope AdminScope() const {
    return {admin_account_id, tenancy::kAdminLevel, "/" + std::to_string(admin_account_id) + "/"};
  }
  // A reseller of the admin's, created as reseller.edit does.
  long long CreateReseller(const std::string& name) {
    db::Transaction tx(*connection);
    const long long id = accounts.Create(AdminScope(), tenancy::kResellerLevel, admin_account_id,
                                         name, account::AccountChanges{});
    tx.Commit();
    return id;
  }
};

}  // namespace resellermgr::testing
