#include "base/errors.h"

namespace resellermgr::base {

PluginError::PluginError(ErrorKind kind, std::string object, std::string value, std::string detail)
    : std::runtime_error(std::string(ErrorTypeName(kind)) + "(" + object + ")"),
      kind_(kind),
      object_(std::move(object)),
      value_(std::move(value)),
      detail_(std::move(detail)) {}

std::string_view ErrorTypeName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kAuth:
      return "auth";
    case ErrorKind::kExists:
      return "exists";
    case ErrorKind::kInvalidValue:
      return "value";
    case ErrorKind::kNotFound:
      return "missed";
    case ErrorKind::kAccessDenied:
      return "access";
    case ErrorKind::kLimit:
      return "limit";
    case ErrorKind::kConflict:
      return "conflict";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

int Isp4ErrorCode(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInternal:
      return 1;
    case ErrorKind::kExists:
      return 2;
    case ErrorKind::kNotFound:
      return 3;
    case ErrorKind::kInvalidValue:
    // Not 2: ISP4 clients take "exists" on a create as done, and a conflicting key is not.
    case ErrorKind::kConflict:
      return 4;
    case ErrorKind::kLimit:
      return 5;
    case ErrorKind::kAuth:
    case ErrorKind::kAccessDenied:
      return 6;
  }
  return 1;
}

}  // namespace resellermgr::base
