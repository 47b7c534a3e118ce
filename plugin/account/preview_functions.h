#pragma once
// preview=on (issue 25): reseller.suspend, reseller.resume, reseller.delete and the same of user,
// an edit that lowers limits, and a move say what they would reach before they do it, and change
// nothing.

#include "account/account.h"
#include "core/function_registry.h"

namespace resellermgr::account {

// The preview reply for `elid` at `level`: one row per target, with what the change would reach.
core::Reply PreviewCascade(const Deps& deps, const core::Request& request, int level);

// reseller.edit / user.edit with preview=on: one row per limit `changes` would lower below what
// the account's children hold (limit, new, held, accounts: the edit then needs force=on); a
// limit the account's owner cannot give is refused as the edit refuses it.
core::Reply PreviewLimits(const Deps& deps, const Account& account, const AccountChanges& changes);

// reseller.move / user.move with preview=on: the move run and rolled back, so it is refused
// exactly as the move would be; otherwise one row: the account, from, to, and the accounts and
// users that go with it.
core::Reply PreviewMove(const Deps& deps, const core::Request& request, int level,
                        const std::string& name, const std::string& owner);

}  // namespace resellermgr::account
