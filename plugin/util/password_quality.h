#pragma once
// How strong a password is, and new strong ones, from libpwquality (Debian's libpwquality1, the
// library pam_pwquality uses, with cracklib's dictionary): one rule for every form that sets a
// password (identity/password_policy.h), the panel's meter and API callers alike.

#include <string>
#include <string_view>

namespace resellermgr::util {

inline constexpr std::size_t kMinPasswordLength = 8;

struct PasswordQuality {
  int score = 0;        // 0..100 when acceptable
  std::string problem;  // what is weak, in words ("it is based on a dictionary word"); empty: none
  bool acceptable() const { return problem.empty(); }
};

// Rates `password` for the login `user` (a password made from the login's name is weak).
PasswordQuality RatePassword(std::string_view password, std::string_view user);
// The process's rule (config password_strength), set once at start-up before any thread: with
// `checks` off only the length counts.
void UsePasswordChecks(bool checks);
// A new random password of 80 bits, acceptable to RatePassword.
std::string GeneratePassword();

}  // namespace resellermgr::util
