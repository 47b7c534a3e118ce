#pragma once
// What a session carries of its login and accounts (issue 26, sql/063), so that identifying a
// request reads one session row instead of joining the login and two accounts.
//
// session.identity is one text: the login's and its account's state, the permissions and the
// account it acts as (under su), each field as LENGTH:VALUE ("-" for NULL), in the order of
// IdentityField. The server writes it (RM_SESSION_IDENTITY); the session check decodes it.
// Identity is the only writer: every statement that changes one of these columns of a login or
// an account refreshes the copies of the sessions it reaches, in the same transaction, so a
// suspension, a password, rights or address change, a revocation takes effect on the next
// request on every host, exactly as when the check joined the tables. A background pass
// (RefreshStale) compares every copy with its sources and repairs and logs any that differ: a
// writer that forgot to refresh is a bug it reports, not a hole it leaves for long.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "db/connection.h"

namespace resellermgr::identity {

// One field of the copy: LENGTH:VALUE (bytes, so the columns' collations never meet), or "-"
// for NULL.
#define RM_IDENTITY_FIELD(x) \
  "IF(" x " IS NULL, _binary'-', CONCAT(LENGTH(" x "), ':', CAST(" x " AS BINARY)))"
// The copy, computed from session s, login l, its account a and the account acted as e (NULL
// when there is none or it is deleted): IdentityField's order, one field a line.
// clang-format off
#define RM_SESSION_IDENTITY "CONCAT("                                   \
  RM_IDENTITY_FIELD("l.name") ", "                                      \
  RM_IDENTITY_FIELD("a.id") ", "                                        \
  RM_IDENTITY_FIELD("a.name") ", "                                      \
  RM_IDENTITY_FIELD("a.level") ", "                                     \
  RM_IDENTITY_FIELD("l.force_password_change") ", "                     \
  RM_IDENTITY_FIELD("a.denied_groups") ", "                             \
  RM_IDENTITY_FIELD("l.lang") ", "                                      \
  RM_IDENTITY_FIELD("l.list_filters") ", "                              \
  RM_IDENTITY_FIELD("l.is_owner") ", "                                  \
  RM_IDENTITY_FIELD("l.rights") ", "                                    \
  RM_IDENTITY_FIELD("l.allowed_ips") ", "                               \
  RM_IDENTITY_FIELD("a.allowed_ips") ", "                               \
  RM_IDENTITY_FIELD("l.totp_enabled") ", "                              \
  RM_IDENTITY_FIELD("a.totp_required") ", "                             \
  RM_IDENTITY_FIELD("a.tree_path") ", "                                 \
  RM_IDENTITY_FIELD("e.id") ", "                                        \
  RM_IDENTITY_FIELD("e.name") ", "                                      \
  RM_IDENTITY_FIELD("e.level") ", "                                     \
  RM_IDENTITY_FIELD("e.denied_groups") ", "                             \
  RM_IDENTITY_FIELD("e.tree_path") ", "                                 \
  RM_IDENTITY_FIELD("(l.disabled = 0 AND a.deleted_at IS NULL AND a.suspended = 0)") ")"
// clang-format on
// The tables the copy is computed from, joined to session s.
#define RM_SESSION_SOURCES                                \
  " JOIN login l ON l.id = s.login_id"                    \
  " JOIN account a ON a.id = l.account_id"                \
  " LEFT JOIN account e ON e.id = s.effective_account_id" \
  " AND e.deleted_at IS NULL"

enum class IdentityField {
  kLoginName,
  kAccountId,
  kAccountName,
  kLevel,
  kForcePasswordChange,
  kDeniedGroups,
  kLang,
  kListFilters,
  kIsOwner,
  kRights,
  kLoginIps,
  kCompanyIps,
  kTotpEnabled,
  kTotpRequired,
  kTreePath,
  kEffectiveId,
  kEffectiveName,
  kEffectiveLevel,
  kEffectiveDeniedGroups,
  kEffectivePath,
  kLive,
  kCount
};

// The copy the server writes has exactly IdentityField's fields.
constexpr std::size_t CountFields(std::string_view sql) {
  std::size_t fields = 0;
  for (std::size_t at = sql.find("CAST("); at != std::string_view::npos;
       at = sql.find("CAST(", at + 1))
    ++fields;
  return fields;
}
static_assert(CountFields(RM_SESSION_IDENTITY) == static_cast<std::size_t>(IdentityField::kCount));

// The fields of a copy (views into `text`), each nullopt for NULL; nullopt when `text` is not a
// whole copy (the session check then fills it once, or counts the session as not found).
using IdentityFields =
    std::array<std::optional<std::string_view>, static_cast<std::size_t>(IdentityField::kCount)>;
std::optional<IdentityFields> DecodeIdentity(std::string_view text);

// Refreshes the copies of the sessions a change reaches, in the caller's transaction.
class SessionCopies {
 public:
  explicit SessionCopies(db::Connection& connection) : connection_(connection) {}

  void OfSession(const std::string& id_hash);  // the SHA-256 bytes of its token
  void OfLogin(long long login_id);
  // The sessions of the account's logins, and those acting as the account.
  void OfAccount(long long account_id);
  // The same for every account at or below `tree_path` (a move, a subtree's denied groups).
  void OfSubtree(const std::string& tree_path);
  void OfGroup(long long perm_group_id);  // the logins of a permission group
  void OfAll();                           // a setting every account reads (totp levels)
  // Repairs every copy that differs from its sources; returns how many did.
  int RefreshStale();

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::identity
