#pragma once
// Turns a Reply into the bytes of one output format (API.md "Replies").

#include <optional>
#include <string>
#include <string_view>

#include "core/reply.h"

namespace resellermgr::core {

enum class OutputFormat { kXml, kJson, kText, kHtml, kCsv };

// "xml", "devel" -> kXml; "json", "sjson", "xjson" -> kJson; "text" -> kText; "csv" -> kCsv (a
// list's rows for a spreadsheet); "html" -> kHtml
// (the browser panel, rendered by web/ from templates/, not by Render). Unknown -> nullopt.
std::optional<OutputFormat> ParseOutputFormat(std::string_view out);

struct Rendered {
  std::string content_type;
  std::string body;
};

Rendered Render(const Reply& reply, OutputFormat format);

// `document` as compact UTF-8 XML text (what out=xml sends, and what the panel's XSLT reads).
std::string SaveXml(const pugi::xml_document& document);

}  // namespace resellermgr::core
