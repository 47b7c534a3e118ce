#include "core/params.h"

#include <cctype>

#include "base/errors.h"
#include "base/text.h"

namespace resellermgr::core {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

using ParamMap = std::map<std::string, std::string, std::less<>>;

void AddParam(ParamMap& out, std::string name, std::string value, const ParamLimits& limits) {
  // One pass over each in the common case; which rule failed is asked only on failure.
  const bool name_ok = base::IsInputText(name);
  const bool value_ok = base::IsInputText(value);
  if (!name_ok && !base::IsValidUtf8(name))
    throw base::PluginError(base::ErrorKind::kInvalidValue, "request", "",
                            "invalid UTF-8 in a parameter name");
  if (!value_ok && !base::IsValidUtf8(value))
    throw base::PluginError(base::ErrorKind::kInvalidValue, name, "", "invalid UTF-8");
  if (!name_ok)
    throw base::PluginError(base::ErrorKind::kInvalidValue, "request", "",
                            "control character in a parameter name");
  if (!value_ok)
    throw base::PluginError(base::ErrorKind::kInvalidValue, name, "", "control character");
  if (value.size() > limits.max_field_bytes) {
    throw base::PluginError(
        base::ErrorKind::kInvalidValue, name, "",
        "value longer than " + std::to_string(limits.max_field_bytes) + " bytes");
  }
  auto it = out.find(name);
  if (it == out.end()) {
    if (out.size() >= limits.max_params) {
      throw base::PluginError(base::ErrorKind::kInvalidValue, "request", "", "too many parameters");
    }
    out.emplace(std::move(name), std::move(value));
    return;
  }
  if (it->second.size() + 2 + value.size() > limits.max_field_bytes) {
    throw base::PluginError(base::ErrorKind::kInvalidValue, it->first, "", "value too long");
  }
  it->second.append(", ").append(value);
}

// Value of `key` in a header parameter list such as `form-data; name="a"; filename="b"`.
// Calls `visit(name, value)` for each "name=value" of a ';'-separated header (Content-Type's
// and Content-Disposition's parameters, cookies), both trimmed; stops when it returns true.
template <typename Visit>
void ForEachPair(std::string_view header, Visit visit) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    const std::size_t semi = header.find(';', pos);
    const std::string_view part =
        Trim(header.substr(pos, semi == std::string_view::npos ? header.npos : semi - pos));
    const std::size_t eq = part.find('=');
    if (eq != std::string_view::npos && visit(Trim(part.substr(0, eq)), Trim(part.substr(eq + 1))))
      return;
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
}

std::string HeaderParam(std::string_view header, std::string_view key) {
  std::string found;
  ForEachPair(header, [&](std::string_view name, std::string_view v) {
    if (!EqualsNoCase(name, key)) return false;
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    found = std::string(v);
    return true;
  });
  return found;
}

}  // namespace

std::string UrlDecode(std::string_view text, std::string_view param_name) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      int hi = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        throw base::PluginError(base::ErrorKind::kInvalidValue,
                                std::string(param_name.empty() ? "request" : param_name), "",
                                "malformed percent-encoding");
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void ParseUrlEncoded(std::string_view text, const ParamLimits& limits, ParamMap& out) {
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t amp = text.find('&', pos);
    std::string_view pair = text.substr(pos, amp == std::string_view::npos ? text.npos : amp - pos);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      std::string name = UrlDecode(pair.substr(0, eq), "request");
      std::string value =
          eq == std::string_view::npos ? std::string() : UrlDecode(pair.substr(eq + 1), name);
      if (!name.empty()) AddParam(out, std::move(name), std::move(value), limits);
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
}

void ParseMultipart(std::string_view body, std::string_view content_type, const ParamLimits& limits,
                    ParsedParams& out) {
  std::string boundary = HeaderParam(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) {
    throw base::PluginError(base::ErrorKind::kInvalidValue, "request", "",
                            "multipart body without a boundary");
  }
  const std::string delimiter = "--" + boundary;
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) {
    throw base::PluginError(base::ErrorKind::kInvalidValue, "request", "",
                            "malformed multipart body");
  }
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") {
      throw base::PluginError(base::ErrorKind::kInvalidValue, "request", "",
                              "malformed multipart body");
    }
    pos += 2;
    std::size_t headers_end = body.find("\r\n\r\n", pos);
    std::size_t next = body.find("\r\n" + delimiter, pos);
    if (headers_end == std::string_view::npos || next == std::string_view::npos ||
        headers_end > next) {
      throw base::PluginError(base::ErrorKind::kInvalidValue, "request", "",
                              "malformed multipart body");
    }
    std::string_view headers = body.substr(pos, headers_end - pos);
    std::string_view data = body.substr(headers_end + 4, next - headers_end - 4);
    std::string name, filename, part_type;
    bool has_filename = false;
    std::size_t line_start = 0;
    while (line_start <= headers.size()) {
      std::size_t line_end = headers.find("\r\n", line_start);
      std::string_view line = headers.substr(
          line_start, line_end == std::string_view::npos ? headers.npos : line_end - line_start);
      std::size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string_view key = Trim(line.substr(0, colon));
        std::string_view value = Trim(line.substr(colon + 1));
        if (EqualsNoCase(key, "Content-Disposition")) {
          name = HeaderParam(value, "name");
          has_filename = value.find("filename=") != std::string_view::npos;
          filename = HeaderParam(value, "filename");
        } else if (EqualsNoCase(key, "Content-Type")) {
          part_type = std::string(value);
        }
      }
      if (line_end == std::string_view::npos) break;
      line_start = line_end + 2;
    }
    if (name.empty()) {
      throw base::PluginError(base::ErrorKind::kInvalidValue, "request", "",
                              "multipart part without a name");
    }
    if (has_filename) {
      if (data.size() > limits.max_file_bytes) {
        throw base::PluginError(base::ErrorKind::kInvalidValue, name, "", "file too large");
      }
      if (!base::IsXmlText(filename))
        throw base::PluginError(base::ErrorKind::kInvalidValue, name, "",
                                "invalid UTF-8 in file name");
      out.files.push_back({name, filename, part_type, std::string(data)});
    } else {
      AddParam(out.values, name, std::string(data), limits);
    }
    pos = next + 2;
  }
}

ParsedParams ParseRequestParams(std::string_view query, std::string_view body,
                                std::string_view content_type, const ParamLimits& limits) {
  ParsedParams result;
  ParseUrlEncoded(query, limits, result.values);
  if (body.empty()) return result;

  ParsedParams from_body;
  std::string_view media = Trim(content_type.substr(0, content_type.find(';')));
  if (EqualsNoCase(media, "multipart/form-data")) {
    ParseMultipart(body, content_type, limits, from_body);
  } else if (media.empty() || EqualsNoCase(media, "application/x-www-form-urlencoded")) {
    ParseUrlEncoded(body, limits, from_body.values);
  } else {
    throw base::PluginError(base::ErrorKind::kInvalidValue, "request", "",
                            "unsupported content type");
  }
  for (auto& [name, value] : from_body.values) {
    if (result.values.size() >= limits.max_params && !result.values.count(name)) {
      throw base::PluginError(base::ErrorKind::kInvalidValue, "request", "", "too many parameters");
    }
    result.values[name] = std::move(value);
  }
  result.files = std::move(from_body.files);
  return result;
}

std::map<std::string, std::string, std::less<>> ParseCookies(std::string_view header) {
  std::map<std::string, std::string, std::less<>> cookies;
  ForEachPair(header, [&](std::string_view name, std::string_view value) {
    if (!name.empty()) cookies.emplace(std::string(name), std::string(value));
    return false;
  });
  return cookies;
}

}  // namespace resellermgr::core
