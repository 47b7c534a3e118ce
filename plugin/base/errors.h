#pragma once
// The one exception type for expected, user-visible failures. Handlers, validators and stores throw
// PluginError; the Dispatcher catches it once and turns it into an <error> reply.

#include <stdexcept>
#include <string>
#include <string_view>

namespace resellermgr::base {

// Each kind maps to the ISPmanager error type clients test for (see API.md).
enum class ErrorKind {
  kAuth,          // "auth": bad credentials, expired session, throttled login
  kExists,        // "exists": the object already exists / is still in use
  kInvalidValue,  // "value": a field is missing or malformed; object = field name
  kNotFound,      // "missed": no such object or function (also for foreign ids)
  kAccessDenied,  // "access": level, permission or CSRF check failed
  kLimit,         // "limit": a limit would be exceeded
  kConflict,      // "conflict": an idempotency key reused for another change
  kInternal,      // "internal": anything unexpected; details go to the log only
};

class PluginError : public std::runtime_error {
 public:
  // object: field or entity name; value: the offending value (echoed to the caller, so never
  // pass a secret here); detail: optional human text that overrides the localized message.
  PluginError(ErrorKind kind, std::string object, std::string value = {}, std::string detail = {});

  ErrorKind kind() const { return kind_; }
  const std::string& object() const { return object_; }
  // ISP4's obj attribute: the kind of object ("user", "reseller", ...) when the error is about
  // the object a function's elid or name names; empty means the same as object().
  const std::string& entity() const { return entity_; }
  PluginError& set_entity(std::string entity) {
    entity_ = std::move(entity);
    return *this;
  }
  const std::string& value() const { return value_; }
  const std::string& detail() const { return detail_; }

 private:
  ErrorKind kind_;
  std::string object_;
  std::string value_;
  std::string detail_;
  std::string entity_;
};

// "auth", "exists", "value", ... as written in <error type="...">.
std::string_view ErrorTypeName(ErrorKind kind);
// The ISP4 numeric code carried beside the type (<error code="N">).
int Isp4ErrorCode(ErrorKind kind);

}  // namespace resellermgr::base
