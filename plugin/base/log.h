#pragma once
// Minimal thread-safe logging to stderr (the launcher redirects it to the log file).
// Never log secrets: passwords, authinfo, session ids, keys.

#include <sstream>
#include <string>

namespace resellermgr::base {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

void SetLogLevel(LogLevel level);
LogLevel ParseLogLevel(const std::string& name);  // "debug" | "info" | "warning" | "error"
bool LogEnabled(LogLevel level);
void LogLine(LogLevel level, const std::string& text);

}  // namespace resellermgr::base

#define RM_LOG(level, expr)                                      \
  do {                                                           \
    if (::resellermgr::base::LogEnabled(level)) {                \
      std::ostringstream rm_log_stream_;                         \
      rm_log_stream_ << expr;                                    \
      ::resellermgr::base::LogLine(level, rm_log_stream_.str()); \
    }                                                            \
  } while (false)
#define LOG_INFO(expr) RM_LOG(::resellermgr::base::LogLevel::kInfo, expr)
#define LOG_WARNING(expr) RM_LOG(::resellermgr::base::LogLevel::kWarning, expr)
#define LOG_ERROR(expr) RM_LOG(::resellermgr::base::LogLevel::kError, expr)
