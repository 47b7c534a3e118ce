#pragma once
// What the account family's changes do to logins and sessions: an account's owner login is
// created, re-addressed and re-passworded with it, its sessions end when it is suspended,
// deleted or moved, and the copies sessions carry of it follow its other changes. Identity is the
// only writer of `login` and `session`; the account store calls this store inside its own
// transaction.

#include <string>

#include "core/caller.h"
#include "tenancy/targets.h"

namespace resellermgr::db {
class Connection;
}

namespace resellermgr::identity {

class MySqlAccountLogins {
 public:
  explicit MySqlAccountLogins(db::Connection& connection) : connection_(connection) {}

  // A new account's owner login: the account's address is its own (password resets go only
  // there; "" for none, as a reseller's own client account has).
  void CreateOwner(long long account_id, const std::string& name, const std::string& password_hash,
                   const std::string& email, bool force_password_change);
  // Before the account's address changes: owner logins that carried the old one take the new.
  void OwnerEmailFollows(long long account_id, const std::string& email);
  // A new owner password; the owner's sessions end (its staff and its users keep theirs).
  void SetOwnerPassword(long long account_id, const std::string& password_hash);
  // Whether the owner must change its password at the next login (staff have their own flag).
  void SetOwnerForceChange(long long account_id, bool force);

  // The sessions of the account's logins switched (su) into another account.
  void EndSwitchedSessions(long long account_id);
  // Every session acting (su) as an account at or below `tree_path`.
  void EndSessionsActingAtOrBelow(const std::string& tree_path);
  // The sessions of the logins of `targets` and of everything below them, and every session
  // acting as one of them.
  void EndSessions(const tenancy::Targets& targets);
  // The logins of `targets` and of everything below them (a permanent delete).
  void DeleteLogins(const tenancy::Targets& targets);

  // A login's saved list filter (login.list_filters, sql/010); `list` is a name from the code.
  core::SavedListFilter SavedFilter(long long login_id, const std::string& list);
  void SaveFilter(long long login_id, const std::string& list, const core::SavedListFilter& filter);

  // A permission group's new rights, copied to its logins (each login keeps its own copy).
  void CopyGroupRights(long long group_id, const std::string& rights);

  // What the account store changed of what sessions carry (session_identity.h): their copies
  // are refreshed in its transaction. An account's addresses, second-factor requirement...; a
  // subtree's denied groups, paths or suspension; a setting every account reads.
  void AccountChanged(long long account_id);
  void SubtreeChanged(const std::string& tree_path);
  void EveryAccountChanged();

 private:
  db::Connection& connection_;
};

using AccountLogins = MySqlAccountLogins;

}  // namespace resellermgr::identity
