#include "tenancy/targets.h"

#include "db/connection.h"
#include "tenancy/tenancy.h"

namespace resellermgr::tenancy {

void Targets::Add(long long id, const std::string& tree_path) {
  ids.push_back(id);
  below.push_back(SubtreePattern(tree_path));
}

int ExecuteFor(db::Connection& connection, std::string sql, const Targets& targets,
               const std::function<int(sql::PreparedStatement&)>& first) {
  std::vector<bool> lists;  // in text order: true for {ids}, false for {below}
  for (std::size_t pos = 0;;) {
    const std::size_t ids = sql.find("{ids}", pos);
    const std::size_t below = sql.find("{below}", pos);
    if (ids == std::string::npos && below == std::string::npos) break;
    if (ids < below) {
      sql.replace(ids, 5, db::Placeholders(targets.ids.size()));
      lists.push_back(true);
      pos = ids;
    } else {
      std::string clause = "(";
      for (std::size_t i = 0; i < targets.below.size(); ++i)
        clause += std::string(i == 0 ? "" : " OR ") + "tree_path LIKE ?";
      clause += ")";
      sql.replace(below, 7, clause);
      lists.push_back(false);
      pos = below;
    }
  }
  auto statement = connection.PrepareUncached(sql);
  int index = first ? first(*statement) : 0;
  for (bool ids : lists) {
    if (ids) {
      for (long long id : targets.ids) statement->setInt64(++index, id);
    } else {
      for (const std::string& pattern : targets.below) statement->setString(++index, pattern);
    }
  }
  return statement->executeUpdate();
}

}  // namespace resellermgr::tenancy
