#include "identity/password_policy.h"

#include "base/errors.h"
#include "util/crypto.h"
#include "util/password_quality.h"

namespace resellermgr::identity {

using base::ErrorKind;
using base::PluginError;

std::optional<std::string> ReadNewPassword(const core::Request& request, bool required) {
  if (!CheckNewPassword(request, required)) return std::nullopt;
  return util::HashPassword(request.GetOr("passwd", ""));
}

std::string ReadFirstPassword(const core::Request& request) {
  const bool invited = request.Flag("welcome") && !request.GetOr("email", "").empty();
  if (std::optional<std::string> hash = ReadNewPassword(request, !invited)) return *hash;
  return util::HashPassword(util::RandomToken());
}

bool CheckNewPassword(const core::Request& request, bool required) {
  std::optional<std::string_view> password = request.Get("passwd");
  if (!password || password->empty()) {
    if (required)
      throw PluginError(ErrorKind::kInvalidValue, "passwd", "", "a password is required");
    return false;
  }
  if (password->size() < kMinPasswordLength) {
    throw PluginError(ErrorKind::kInvalidValue, "passwd", "",
                      "the password must be at least 8 characters");
  }
  // The login the password is for: a new account's or login's name, the one edited, or the
  // caller's own (usrparam).
  const std::string_view user =
      request.GetOr("name", request.GetOr("elid", request.caller().login));
  if (const util::PasswordQuality quality = util::RatePassword(*password, user);
      !quality.acceptable()) {
    throw PluginError(ErrorKind::kInvalidValue, "passwd", "",
                      "the password is too weak: " + quality.problem);
  }
  // ISP5 clients omit confirm; when it comes, it must match.
  if (auto confirm = request.Get("confirm"); confirm && *confirm != *password) {
    throw PluginError(ErrorKind::kInvalidValue, "confirm", "", "the passwords do not match");
  }
  return true;
}

}  // namespace resellermgr::identity
