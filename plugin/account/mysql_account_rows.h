#pragma once
// What the account store's files (mysql_account_*.cpp) share about account rows: the caller's
// scope as a predicate, the columns an account row is read from, and their readers.

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <string>

#include "account/account.h"
#include "db/columns.h"

namespace resellermgr::account::store {

// The caller's subtree as a predicate on account `a` (tenancy, sql/017): admins reach every
// non-admin account, a reseller every account whose tree path extends its own (its
// sub-resellers and all the users below), a user nothing below itself. "{scope}" in a statement
// stands for it; BindScope binds its parameter. No statement names parents or levels for scope.
#define RM_IN_SCOPE "{scope}"

// `sql` with its {scope} replaced for this caller.
std::string Scoped(std::string sql, const Scope& scope);
// Binds the scope clause's parameter at `index`; returns how many it bound (0 or 1).
int BindScope(sql::PreparedStatement& statement, int index, const Scope& scope);

// An account row: what lists show (RM_LIST_COLUMNS, with the list's copy of the limits) and what
// forms show (RM_ACCOUNT_COLUMNS, with the contact details and switches, and the same copy of
// the limits: WriteLimits keeps it in the transaction that changes them, so reading an account
// is one statement). A list leaving the form-only columns out makes its page statement about a
// tenth cheaper.
#define RM_ROW_COLUMNS                                                                      \
  "a.id, a.name, a.level, a.parent_id, o.name AS owner, a.fullname, a.email, a.suspended, " \
  "a.users_count, a.quota_used, a.traff_used, o.limits AS owner_limits, a.preset"
#define RM_LIST_COLUMNS RM_ROW_COLUMNS ", a.limits"
#define RM_ACCOUNT_COLUMNS                                                                  \
  RM_ROW_COLUMNS                                                                            \
  ", a.phone, a.company, a.address, a.comment, a.oversell, a.allowed_ips, a.require_totp, " \
  "a.tree_path, a.may_resell, a.own_client, a.limits"
inline constexpr db::Columns kListRow{RM_LIST_COLUMNS};
inline constexpr db::Columns kAccountRow{RM_ACCOUNT_COLUMNS};

Account ReadAccount(sql::ResultSet& row);  // RM_ACCOUNT_COLUMNS
Account ReadListRow(sql::ResultSet& row);  // RM_LIST_COLUMNS

}  // namespace resellermgr::account::store
