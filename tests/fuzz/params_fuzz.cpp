// The request parameters (core/params.h): query string, form or multipart body and its content
// type, as the FastCGI front end hands them over. The input is split at the first two 0x00
// bytes: query, content type, body. Property: a parse that succeeds yields only valid UTF-8
// names and values within the limits.

#include <string_view>

#include "base/errors.h"
#include "base/text.h"
#include "core/params.h"
#include "fuzz/fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view input = AsText(data, size);
  const std::size_t first = input.find('\0');
  const std::size_t second = first == std::string_view::npos ? first : input.find('\0', first + 1);
  const std::string_view query = input.substr(0, first);
  const std::string_view content_type = first == std::string_view::npos
                                            ? std::string_view("application/x-www-form-urlencoded")
                                            : input.substr(first + 1, second - first - 1);
  const std::string_view body =
      second == std::string_view::npos ? std::string_view() : input.substr(second + 1);
  resellermgr::core::ParamLimits limits;
  limits.max_params = 64;
  limits.max_field_bytes = 4096;
  limits.max_file_bytes = 65536;
  try {
    const resellermgr::core::ParsedParams params =
        resellermgr::core::ParseRequestParams(query, body, content_type, limits);
    FUZZ_CHECK(params.values.size() <= 2 * limits.max_params);
    for (const auto& [name, value] : params.values) {
      FUZZ_CHECK(resellermgr::base::IsValidUtf8(name));
      FUZZ_CHECK(resellermgr::base::IsValidUtf8(value));
    }
    for (const auto& file : params.files) FUZZ_CHECK(file.data.size() <= limits.max_file_bytes);
  } catch (const resellermgr::base::PluginError&) {
    // refused with a typed error: what the server answers
  }
  resellermgr::core::ParseCookies(input.substr(0, 4096));
  return 0;
}
