#pragma once
// Applies sql/NNN_name.sql files in order and records each in schema_migrations (version, name,
// checksum). Running it again applies nothing. A recorded migration whose file changed afterwards
// is an error: migrations are append-only. DDL commits implicitly in MariaDB, so a migration that
// fails half-way is reported and must be fixed by hand before the next run.

#include <string>
#include <vector>

#include "db/connection.h"

namespace resellermgr::db {

struct Migration {
  int version;
  std::string name;
  std::string path;
};

// The migration files of `dir`, sorted by version. Throws on a malformed or duplicate number.
std::vector<Migration> ListMigrations(const std::string& dir);

// Splits a migration file into statements (';' at line end; "--" comment lines dropped).
std::vector<std::string> SplitStatements(const std::string& text);

// Returns the names of the migrations applied by this call (empty when up to date).
std::vector<std::string> Migrate(Connection& connection, const std::string& dir);

// Grants the application's database user (connecting from `from_host`: 'localhost', or the
// hosts' addresses when several hosts share the database) DML on every table, except that the
// audit log is insert-only for it. Run after Migrate, with schema-changing credentials.
void GrantApplicationUser(Connection& connection, const std::string& schema,
                          const std::string& app_user, const std::string& from_host);

}  // namespace resellermgr::db
