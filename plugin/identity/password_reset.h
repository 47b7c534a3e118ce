#pragma once
// Password reset by e-mail (sql/026): single-use tokens, kept as SHA-256 only. The only place
// with their SQL; the functions are password.reset and password.reset.finish
// (auth/password_reset_functions.cpp).

#include <optional>
#include <string>

#include "db/connection.h"

namespace resellermgr::identity {

// Where a reset link may go: a live login (not disabled, its account not suspended or deleted)
// with an address of its own (never its company's: issue 20).
struct ResetTarget {
  long long login_id = 0;
  std::string name, email, lang, account_path;
  long long templates_of = 0;  // whose mail wordings it gets (contacts::Contact)
};

class MySqlPasswordResets {
 public:
  explicit MySqlPasswordResets(db::Connection& connection) : connection_(connection) {}

  std::optional<ResetTarget> Target(const std::string& login_name);
  // Replaces the login's earlier tokens (and drops expired ones) with `token_hash`.
  void Put(long long login_id, const std::string& token_hash, int ttl_seconds);
  // What Put does, for a name that is no login: the same statements, nothing written (a reset
  // request takes as long whether or not its login exists).
  void PutNothing(const std::string& token_hash, int ttl_seconds);
  // The login a valid token is for, and the token is gone (with the login's others): each
  // works once. nullopt for an unknown, used or expired token, or a login no longer live.
  std::optional<std::string> Consume(const std::string& token_hash);

 private:
  db::Connection& connection_;
};

// What handlers ask for (deps.Get<PasswordResets>()); the MySQL store is the only one.
using PasswordResets = MySqlPasswordResets;

}  // namespace resellermgr::identity
