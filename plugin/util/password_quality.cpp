#include "util/password_quality.h"

#include <pwquality.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace resellermgr::util {
namespace {

// cracklib's dictionary lookup keeps static state: one check at a time.
std::mutex& Serial() {
  static std::mutex mutex;
  return mutex;
}

struct SettingsDeleter {
  void operator()(pwquality_settings_t* settings) const { pwquality_free_settings(settings); }
};
using Settings = std::unique_ptr<pwquality_settings_t, SettingsDeleter>;

// The library's defaults (no /etc/security/pwquality.conf: the panel's rule is the same on every
// host) with our minimum length.
Settings MakeSettings() {
  Settings settings(pwquality_default_settings());
  if (!settings) throw std::bad_alloc();
  pwquality_set_int_value(settings.get(), PWQ_SETTING_MIN_LENGTH,
                          static_cast<int>(kMinPasswordLength));
  return settings;
}

// "The password fails the dictionary check - it is based on a dictionary word" ->
// "it fails the dictionary check: it is based on a dictionary word".
std::string Words(const char* message) {
  std::string text(message);
  const std::string prefix = "The password ";
  if (text.starts_with(prefix)) text = "it " + text.substr(prefix.size());
  for (std::size_t at = text.find(" - "); at != std::string::npos; at = text.find(" - "))
    text.replace(at, 3, ": ");
  return text;
}

bool checks_on = true;

}  // namespace

void UsePasswordChecks(bool checks) { checks_on = checks; }

PasswordQuality RatePassword(std::string_view password, std::string_view user) {
  PasswordQuality quality;
  if (password.size() < kMinPasswordLength) {
    quality.problem = "it is shorter than 8 characters";
    return quality;
  }
  if (!checks_on) {  // the length is the rule: a score by length alone
    quality.score = static_cast<int>(std::min<std::size_t>(100, password.size() * 5));
    return quality;
  }
  const std::string text(password), login(user);
  const Settings settings = MakeSettings();
  void* auxerror = nullptr;
  std::lock_guard lock(Serial());
  const int result = pwquality_check(settings.get(), text.c_str(), nullptr,
                                     login.empty() ? nullptr : login.c_str(), &auxerror);
  if (result >= 0) {
    quality.score = result;
    return quality;
  }
  char buffer[PWQ_MAX_ERROR_MESSAGE_LEN];
  quality.problem = Words(pwquality_strerror(buffer, sizeof buffer, result, auxerror));
  return quality;
}

std::string GeneratePassword() {
  const Settings settings = MakeSettings();
  for (;;) {
    char* made = nullptr;
    if (pwquality_generate(settings.get(), 80, &made) != 0 || made == nullptr)
      throw std::runtime_error("pwquality_generate failed");
    std::string password(made);
    std::free(made);
    if (RatePassword(password, "").acceptable()) return password;
  }
}

}  // namespace resellermgr::util
