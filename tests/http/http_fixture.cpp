#include "http/http_fixture.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include "util/crypto.h"

namespace resellermgr::testing {

void EnsureLogin(const std::string& name, const std::string& password, int level) {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> exists(
      db->prepareStatement("SELECT 1 FROM login WHERE name = ?"));
  exists->setString(1, name);
  if (std::unique_ptr<sql::ResultSet>(exists->executeQuery())->next()) return;
  std::unique_ptr<sql::PreparedStatement> account(db->prepareStatement(
      "INSERT INTO account (parent_id, level, name) "
      "VALUES ((SELECT id FROM (SELECT id FROM account WHERE level = 29 LIMIT 1) a), ?, ?)"));
  account->setInt(1, level);
  account->setString(2, name);
  account->executeUpdate();
  // Its place in the tree, as the account store sets it (sql/017).
  std::unique_ptr<sql::Statement>(db->createStatement())
      ->execute(
          "UPDATE account c JOIN account o ON o.id = c.parent_id "
          "SET c.tree_path = CONCAT(o.tree_path, c.id, '/') WHERE c.id = LAST_INSERT_ID()");
  std::unique_ptr<sql::PreparedStatement> login(
      db->prepareStatement("INSERT INTO login (account_id, name, password_hash, is_owner) "
                           "VALUES (LAST_INSERT_ID(), ?, ?, 1)"));
  login->setString(1, name);
  login->setString(2, util::HashPassword(password));
  login->executeUpdate();
}

long long AuditRows(const std::string& func, const std::string& target,
                    const std::string& outcome) {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::PreparedStatement> count(db->prepareStatement(
      "SELECT COUNT(*) FROM audit_log WHERE func = ? AND target = ? AND outcome = ?"));
  count->setString(1, func);
  count->setString(2, target);
  count->setString(3, outcome);
  std::unique_ptr<sql::ResultSet> rows(count->executeQuery());
  rows->next();
  return rows->getInt64(1);
}

}  // namespace resellermgr::testing
