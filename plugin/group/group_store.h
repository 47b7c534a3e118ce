#pragma once
// Permission groups (table perm_group) in MySQL: the only place with their SQL. A caller sees the
// built-in groups, its own, and (a reseller) those the admin offers; it changes only its own
// (an admin: the host's). Scope is part of every statement.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/caller.h"
#include "core/permissions.h"
#include "db/connection.h"
#include "identity/account_logins.h"

namespace resellermgr::group {

struct Group {
  long long id = 0;
  std::string name;
  core::Rights rights;
  bool offered = false;  // offered by the admin to resellers
  bool builtin = false;
  bool own = false;      // the caller may change it
  long long logins = 0;  // logins in the caller's reach that use it
};

// Who asks: its account (the company acted as) and that account's level.
struct Viewer {
  long long account_id;
  int level;
  bool admin() const { return level >= core::kAdminLevel; }
};

class MySqlGroupStore {
 public:
  MySqlGroupStore(db::Connection& connection, identity::AccountLogins& logins)
      : connection_(connection), logins_(logins) {}

  std::vector<Group> Visible(const Viewer& viewer);
  std::optional<Group> FindVisible(const Viewer& viewer, std::string_view name);

  // Throws PluginError(kExists, "name") for a taken name.
  void Create(const Viewer& viewer, const std::string& name, const core::Rights& rights,
              bool offered);
  // Changes one of the viewer's own groups (locked), and the copy of its rights on every login
  // in it; kNotFound when it has none of that name.
  void Update(const Viewer& viewer, const std::string& name, const core::Rights& rights,
              bool offered);
  // Deletes the viewer's own groups, all or nothing: kNotFound for a name it does not own,
  // kExists naming a group that logins still use.
  void Delete(const Viewer& viewer, const std::vector<std::string>& names);

 private:
  db::Connection& connection_;
  identity::AccountLogins& logins_;
};

// What handlers ask for (deps.Get<GroupStore>()); the MySQL store is the only one.
using GroupStore = MySqlGroupStore;

}  // namespace resellermgr::group
