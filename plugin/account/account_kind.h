#pragma once
// The reseller and user surfaces share their handlers (account_functions.cpp,
// lifecycle_functions.cpp): what differs between them, and the small readers both use.

#include <optional>
#include <string>

#include "account/account.h"
#include "core/deps.h"
#include "core/reply.h"
#include "core/request.h"

namespace resellermgr::account {

// What differs between the reseller and the user surface.
struct Kind {
  int level;
  const char* object;  // error object for a missing elid; the events' prefix
};
inline constexpr Kind kReseller{kResellerLevel, "reseller"};
inline constexpr Kind kUser{kUserLevel, "user"};

// The outbox event of an account change: "reseller.created", "user.suspended", ...
inline std::string EventOf(const Kind& kind, const char* what) {
  return std::string(kind.object) + "." + what;
}

// A text field as sent; its length and format are checked from the form metadata.
inline std::optional<std::string> TextField(const core::Request& request, const char* field) {
  std::optional<std::string_view> value = request.Get(field);
  return value ? std::optional<std::string>(*value) : std::nullopt;
}

// Binds a Kind (and a flag) into the registry's handler signature.
template <auto Fn, const Kind& K, bool... Flag>
core::Reply For(const Deps& deps, const core::Request& request) {
  return Fn(deps, request, K, Flag...);
}

}  // namespace resellermgr::account
