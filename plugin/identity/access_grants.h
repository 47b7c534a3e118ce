#pragma once
// Consent-based support access (issue 25 item 3, sql/057): the grants a company gives the
// accounts above it to log in as it, when it asks for its consent. Identity's, as logging in is.

#include <optional>
#include <string>
#include <vector>

namespace resellermgr::db {
class Connection;
}

namespace resellermgr::identity {

struct AccessGrant {
  long long id = 0;
  std::string account, grantee;  // the company logged in as, and who may
  std::string kind;              // request, override
  std::string state;             // pending, granted, refused, revoked, expired
  std::string reason, requested_by, requested_at, decided_by, decided_at, expires_at;
  std::string last_used_at;
  int hours = 0, uses = 0;
  long long account_id = 0, grantee_account_id = 0;
};

// A grant in force: its id and the whole minutes it has left (at least 1: in its last minute a
// grant lets nobody in, so no su outlives it).
struct ActiveGrant {
  long long id = 0;
  int minutes_left = 0;
};

class MySqlAccessGrants {
 public:
  explicit MySqlAccessGrants(db::Connection& connection) : connection_(connection) {}

  // Whether the company `account_id` asks for its consent before anyone logs in as it.
  bool ConsentRequired(long long account_id);
  void SetConsentRequired(long long account_id, bool required);
  // The grant in force that lets `grantee_account_id` log in as `account_id`, if any.
  std::optional<ActiveGrant> Active(long long account_id, long long grantee_account_id);
  // Counts a login under the grant.
  void Used(long long id);
  // The whole minutes grant `id` has left while in force (at least 1), else nullopt.
  std::optional<int> MinutesLeft(long long id);

  // A pending request; returns its id.
  long long Request(long long account_id, long long grantee_account_id,
                    const std::string& requested_by, const std::string& reason, int hours);
  // A grant made at once by an admin in an emergency; returns its id.
  long long Override(long long account_id, long long grantee_account_id,
                     const std::string& requested_by, const std::string& reason, int hours);
  // The grants of `account_id`, given (it is the company) and asked for (it is the grantee),
  // newest first.
  std::vector<AccessGrant> List(long long account_id);
  // Grant `id` if `account_id` is on either side of it.
  std::optional<AccessGrant> Find(long long id, long long account_id);
  // The company's owner decides a pending request: granted for `hours`, or refused. Returns
  // whether it was pending.
  bool Decide(long long id, const std::string& decided_by, bool granted, int hours);
  // Ends a pending or granted one, and every su session opened under it. Returns whether it was
  // in force or pending.
  bool Revoke(long long id, const std::string& decided_by);

 private:
  db::Connection& connection_;
};

using AccessGrants = MySqlAccessGrants;

}  // namespace resellermgr::identity
