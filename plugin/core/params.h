#pragma once
// Pure request-parameter parsing: URL decoding, query/body merging, multipart, cookies, UTF-8
// checks. No libfcgi types, so every rule here is unit-tested directly.
//
// Errors: malformed input throws PluginError(kInvalidValue, <param name or "request">).

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace resellermgr::core {

struct ParamLimits {
  std::size_t max_params = 1000;
  std::size_t max_field_bytes = 64 * 1024;  // one value (not an uploaded file)
  std::size_t max_file_bytes = 8 * 1024 * 1024;
};

struct UploadedFile {
  std::string field;
  std::string filename;
  std::string content_type;
  std::string data;
};

// Parameters after merging. A name given several times in one source keeps every value, joined
// with ", " (the ISPmanager convention for multi-selects such as elid). A name given in both the
// query string and the body takes the body's value.
struct ParsedParams {
  std::map<std::string, std::string, std::less<>> values;
  std::vector<UploadedFile> files;
};

// Decodes %XX and '+' (form encoding). Literal bytes that arrive unencoded (@ : / and others) pass
// through. Throws on a truncated or non-hex escape.
std::string UrlDecode(std::string_view text, std::string_view param_name);

// Parses "a=1&b=2" into `out` (joining repeats). Empty segments are ignored; "a" alone is a = "".
void ParseUrlEncoded(std::string_view text, const ParamLimits& limits,
                     std::map<std::string, std::string, std::less<>>& out);

// Parses a multipart/form-data body. `content_type` is the full header value with the boundary.
void ParseMultipart(std::string_view body, std::string_view content_type, const ParamLimits& limits,
                    ParsedParams& out);

// Merges query string and body (urlencoded or multipart, chosen by content type).
ParsedParams ParseRequestParams(std::string_view query, std::string_view body,
                                std::string_view content_type, const ParamLimits& limits);

// "a=1; b=2" -> {a:1, b:2}. Malformed pairs are skipped (browsers send what they have).
std::map<std::string, std::string, std::less<>> ParseCookies(std::string_view header);

}  // namespace resellermgr::core
