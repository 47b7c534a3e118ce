#include "db/migrator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "db/columns.h"
#include "util/crypto.h"

namespace resellermgr::db {
namespace {

constexpr char kCreateMigrations[] = R"sql(
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INT UNSIGNED NOT NULL PRIMARY KEY,
      name VARCHAR(255) NOT NULL,
      checksum CHAR(64) NOT NULL,
      applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql";
constexpr char kSelectApplied[] = "SELECT version, checksum FROM schema_migrations";
constexpr auto kSelectAppliedColumns = db::Columns::Of(kSelectApplied);
constexpr char kInsertApplied[] =
    "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)";
constexpr char kSelectTables[] =
    "SELECT table_name FROM information_schema.tables WHERE table_schema = ?";
constexpr auto kSelectTablesColumns = db::Columns::Of(kSelectTables);

// Tables whose rows the application may add and read but never change or remove.
// The ledger and issued documents (DESIGN.md "Money") are among them.
constexpr const char* kAppendOnlyTables[] = {"audit_log", "schema_migrations", "ledger_transfer",
                                             "invoice",   "invoice_line",      "invoice_charge"};

// Columns of append-only tables the application may set once after the row is written: the
// audit chain's links, which a background pass writes after the change commits (sql/062).
constexpr std::pair<const char*, const char*> kSealColumns[] = {
    {"audit_log", "seq, prev_hash, row_hash"}};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string QuoteIdentifier(const std::string& name) {
  if (name.find('`') != std::string::npos) throw std::runtime_error("bad identifier: " + name);
  return "`" + name + "`";
}

std::string QuoteString(const std::string& text) {
  if (text.find_first_of("'\\") != std::string::npos) throw std::runtime_error("bad user name");
  return "'" + text + "'";
}

}  // namespace

std::vector<Migration> ListMigrations(const std::string& dir) {
  static const std::regex kFileName(R"((\d{3})_([a-z0-9_]+)\.sql)");
  std::vector<Migration> migrations;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    std::smatch match;
    if (!std::regex_match(file, match, kFileName)) continue;
    migrations.push_back({std::stoi(match[1]), file, entry.path().string()});
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      throw std::runtime_error("two migrations numbered " + std::to_string(migrations[i].version));
    }
  }
  if (migrations.empty()) throw std::runtime_error("no migrations in " + dir);
  return migrations;
}

std::vector<std::string> SplitStatements(const std::string& text) {
  std::vector<std::string> statements;
  std::istringstream lines(text);
  std::string line, current;
  while (std::getline(lines, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line.compare(first, 2, "--") == 0) continue;
    current += line + "\n";
    const auto last = line.find_last_not_of(" \t\r");
    if (line[last] == ';') {
      current.erase(current.find_last_of(';'));
      statements.push_back(current);
      current.clear();
    }
  }
  statements.push_back(current);
  for (std::string& statement : statements) {
    statement.erase(statement.find_last_not_of(" \t\r\n") + 1);  // npos + 1 == 0: all blank
  }
  std::erase_if(statements, [](const std::string& statement) { return statement.empty(); });
  return statements;
}

std::vector<std::string> Migrate(Connection& connection, const std::string& dir) {
  connection.Execute(kCreateMigrations);
  std::map<int, std::string> applied;
  {
    auto rows = Select(connection.Prepare(kSelectApplied));
    while (rows->next())
      applied[rows->getInt(kSelectAppliedColumns["version"])] =
          rows->getString(kSelectAppliedColumns["checksum"]);
  }
  std::vector<std::string> done;
  for (const Migration& migration : ListMigrations(dir)) {
    const std::string text = ReadFile(migration.path);
    const std::string checksum = util::Sha256Hex(text);
    if (auto it = applied.find(migration.version); it != applied.end()) {
      if (it->second != checksum) {
        throw std::runtime_error(migration.name +
                                 " changed after it was applied; add a new migration instead");
      }
      continue;
    }
    for (const std::string& statement : SplitStatements(text)) connection.Execute(statement);
    Query(connection, kInsertApplied, migration.version, migration.name, checksum).executeUpdate();
    done.push_back(migration.name);
  }
  return done;
}

void GrantApplicationUser(Connection& connection, const std::string& schema,
                          const std::string& app_user, const std::string& from_host) {
  const std::string user = QuoteString(app_user) + "@" + QuoteString(from_host);
  auto tables = Select(Query(connection, kSelectTables, schema));
  while (tables->next()) {
    const std::string table = tables->getString(kSelectTablesColumns["table_name"]);
    const bool append_only = std::find(std::begin(kAppendOnlyTables), std::end(kAppendOnlyTables),
                                       table) != std::end(kAppendOnlyTables);
    const std::string target = QuoteIdentifier(schema) + "." + QuoteIdentifier(table);
    connection.Execute(
        "GRANT " + std::string(append_only ? "SELECT, INSERT" : "SELECT, INSERT, UPDATE, DELETE") +
        " ON " + target + " TO " + user);
    // A table made append-only after an earlier grant loses what that grant gave.
    if (append_only) connection.Execute("REVOKE UPDATE, DELETE ON " + target + " FROM " + user);
    for (const auto& [sealed_table, columns] : kSealColumns) {
      if (table == sealed_table)
        connection.Execute("GRANT UPDATE (" + std::string(columns) + ") ON " + target + " TO " +
                           user);
    }
  }
}

}  // namespace resellermgr::db
