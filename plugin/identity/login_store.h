#pragma once
// A company's logins (owner and staff) and their API tokens, as their administration sees them:
// login, login.edit, login.delete, login.suspend/resume, token, token.edit, token.delete. The
// only file with that SQL is mysql_login_store.cpp; authentication reads logins and tokens
// through MySqlAuthStore. Every statement is bound to the company (account) the caller manages,
// so a login of another company behaves exactly like an unknown one.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.h"

namespace resellermgr::identity {

struct StaffLogin {
  long long id = 0;
  std::string name, fullname, email, group, lang, allowed_ips;
  std::string rights;  // its group's rights (canonical CSV); empty without a group
  bool owner = false;
  bool disabled = false;
  bool force_password_change = false;
  bool totp = false;  // has a second factor
};

// Fields of a create or change; unset optionals keep their value.
struct LoginChanges {
  std::optional<std::string> fullname, email, lang, allowed_ips, password_hash;
  std::optional<long long> group_id;  // 0: no group
  std::optional<bool> owner, force_password_change;
  bool totp_reset = false;  // turn the login's second factor off (a lost device)
};

struct ApiToken {
  std::string name, rights, allowed_ips, expires_at, created_at, last_used_at;
  bool read_only = false;
};

struct NewToken {
  std::string name, rights, allowed_ips;
  bool read_only = false;
  int days = 0;  // 0: never expires
};

class MySqlLoginStore {
 public:
  explicit MySqlLoginStore(db::Connection& connection) : connection_(connection) {}

  std::vector<StaffLogin> List(long long company_id);
  std::optional<StaffLogin> Find(long long company_id, std::string_view name);

  // Throws PluginError(kExists, "name") when a login or account has the name.
  void Create(long long company_id, const std::string& name, const LoginChanges& changes);
  // A new password ends that login's sessions (only). kLimit "owner" when the change would
  // leave the company without an owner.
  void Update(long long company_id, const std::string& name, const LoginChanges& changes);
  // All or nothing; kNotFound for a name not of the company, kLimit "owner" when no active
  // owner would remain. Ends the logins' sessions (their tokens and keys go with them).
  void Delete(long long company_id, const std::vector<std::string>& names);
  void SetDisabled(long long company_id, const std::vector<std::string>& names, bool disabled);

  std::vector<ApiToken> Tokens(long long login_id);
  // The raw token, returned once. kExists for a name the login already uses.
  std::string CreateToken(long long login_id, const NewToken& token);
  // All or nothing; kNotFound for a name the login has no token of.
  void DeleteTokens(long long login_id, const std::vector<std::string>& names);

 private:
  // Locks the company's logins and throws kLimit "owner" unless one enabled owner remains.
  void RequireOwnerLeft(long long company_id);

  db::Connection& connection_;
};

// What handlers ask for (deps.Get<LoginStore>()); the MySQL store is the only one.
using LoginStore = MySqlLoginStore;

}  // namespace resellermgr::identity
