#pragma once
// Who is calling: built by the Authenticator before dispatch, read by handlers.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/permissions.h"

namespace resellermgr::core {

// COREmanager access levels: the one place their numbers are written (issue 21).
enum class AccessLevel : int { kGuest = 0, kUser = 16, kReseller = 24, kAdmin = 29, kSuper = 30 };
inline constexpr int kUserLevel = static_cast<int>(AccessLevel::kUser);
inline constexpr int kResellerLevel = static_cast<int>(AccessLevel::kReseller);
inline constexpr int kAdminLevel = static_cast<int>(AccessLevel::kAdmin);

// The same levels for SQL text ("a.level = " RM_LEVEL_RESELLER), held equal to the enum below.
#define RM_LEVEL_USER "16"
#define RM_LEVEL_RESELLER "24"
#define RM_LEVEL_ADMIN "29"
constexpr int LevelText(const char* text) { return (text[0] - '0') * 10 + (text[1] - '0'); }
static_assert(LevelText(RM_LEVEL_USER) == kUserLevel &&
                  LevelText(RM_LEVEL_RESELLER) == kResellerLevel &&
                  LevelText(RM_LEVEL_ADMIN) == kAdminLevel,
              "the SQL levels are the enum's");

enum class AuthMethod {
  kNone,           // anonymous
  kAuthinfo,       // authinfo=user:pass on this request (stateless)
  kSessionParam,   // auth=SID parameter
  kSessionCookie,  // session cookie set at login (needs CSRF tokens for changes)
  kLocal,          // resellerctl on the server itself
  kToken,          // an API token: authinfo=LOGIN:TOKEN or Authorization: Bearer TOKEN
};

// A list filter saved with reseller.filter / user.filter.
struct SavedListFilter {
  std::string name_contains;
  std::string status;
};
// A login's saved filters by list ("reseller", "user").
using SavedListFilters = std::map<std::string, SavedListFilter, std::less<>>;

struct Caller {
  AccessLevel level = AccessLevel::kGuest;
  AuthMethod method = AuthMethod::kNone;
  long long login_id = 0;
  std::string login;  // the real login that authenticated
  long long account_id = 0;
  std::string account;            // the account acted as
  std::string account_path;       // its place in the tree, "/1/5/9/" (tenancy: scope predicate)
  std::string su_stack;           // the session's su stack (account ids), empty without su
  std::string su_reason;          // why it acts as another account (su or su=), or ""
  long long su_grant = 0;         // the support-access grant it acts under (issue 25), or 0
  int real_level = 0;             // the login's own level (level is the acted-as account's)
  long long real_account_id = 0;  // the login's own account
  std::string session_token;      // raw session id when the caller came with one (never logged)
  std::string csrf_token;         // of that session
  // reseller.access groups denied to the account acted as (or its owner), when authentication
  // read them already; otherwise the dispatcher asks the store.
  std::optional<std::vector<std::string>> denied_groups;
  // The login's saved list filters ("reseller", "user"), when authentication read them with the
  // session (one statement fewer per list page); otherwise the list asks the store.
  std::optional<SavedListFilters> saved_filters;
  bool session_rejected = false;  // an auth=/cookie session was given but is unknown or expired
  bool must_change_password = false;
  bool must_enrol_totp = false;  // its company or level requires a second factor it has not set up
  std::string lang;              // the login's chosen language ("en", "ru"); empty when not known
  // The login's rights (owner or group), the token's scope, and the address locks.
  Permissions permissions;

  bool authenticated() const { return method != AuthMethod::kNone; }
  // The host's administrator (acting as itself): reaches every account, and the operator's books.
  bool admin() const { return level >= AccessLevel::kAdmin; }
  // A client (a user account) acting as itself.
  bool user() const { return level <= AccessLevel::kUser; }
};

}  // namespace resellermgr::core
