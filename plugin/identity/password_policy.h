#pragma once
// The password policy: what a new password must be, for every form that sets one (accounts,
// staff logins, usrparam, a reset).

#include <optional>
#include <string>

#include "core/request.h"
#include "util/password_quality.h"

namespace resellermgr::identity {

using util::kMinPasswordLength;

// Whether the request carries a new password (passwd) that may be set: at least 8 characters,
// strong enough (util::RatePassword: not a dictionary word, not made from the login's name, not
// too simple; the error says which), and equal to confirm when that comes. Throws
// PluginError(kInvalidValue, "passwd" | "confirm") otherwise, or when it is missing and
// `required`. Computes no hash.
bool CheckNewPassword(const core::Request& request, bool required);
// The new password of CheckNewPassword, hashed (a slow hash); nullopt when there is none.
std::optional<std::string> ReadNewPassword(const core::Request& request, bool required);
// A new login's password: the one sent, checked as above; or, when none is sent and the login
// is invited (welcome=on with an address: a welcome mail's single-use link sets it), the hash
// of a random one nobody knows. Throws when neither.
std::string ReadFirstPassword(const core::Request& request);

}  // namespace resellermgr::identity
