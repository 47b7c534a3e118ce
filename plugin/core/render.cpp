#include "core/render.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace resellermgr::core {
namespace {

using Json = nlohmann::ordered_json;

// Children that clients index as arrays even when there is only one of them.
bool AlwaysArray(std::string_view name) {
  return name == "elem" || name == "param" || name == "msg" || name == "slist";
}

// The "$" convention: attribute a -> "$a", text -> "$", children by name, repeated -> array,
// an element with nothing in it -> {}.
Json ToJson(pugi::xml_node node) {
  Json object = Json::object();
  for (pugi::xml_attribute attr : node.attributes()) {
    object[std::string("$") + attr.name()] = attr.value();
  }
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      object["$"] = object.contains("$") ? object["$"].get<std::string>() + child.value()
                                         : std::string(child.value());
      continue;
    }
    if (child.type() != pugi::node_element) continue;
    const std::string name = child.name();
    Json value = ToJson(child);
    auto it = object.find(name);
    if (it == object.end()) {
      object[name] = AlwaysArray(name) ? Json::array({std::move(value)}) : std::move(value);
    } else {
      if (!it->is_array()) *it = Json::array({*it});
      it->push_back(std::move(value));
    }
  }
  return object;
}

// out=text: a value may hold anything a user typed, so the characters that give the format its
// shape are escaped: a line break would start a forged row or error line, "=" a forged key in a
// key=value line (an error line has no keys, so `in_pairs` is false there).
void AppendTextValue(std::string& out, std::string_view value, bool in_pairs = true) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '=':
        out += in_pairs ? "\\=" : "=";
        break;
      default:
        out.push_back(c);
    }
  }
}

std::string TextLine(pugi::xml_node row) {
  std::string line;
  for (pugi::xml_node field : row.children()) {
    if (field.type() != pugi::node_element) continue;
    if (!line.empty()) line.push_back(' ');
    line.append(field.name()).append("=");
    AppendTextValue(line, field.child_value());
  }
  return line;
}

// pugixml writes the document straight into the reply body.
struct StringWriter : pugi::xml_writer {
  explicit StringWriter(std::string& out) : out(out) {}
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
  std::string& out;
};

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field a
// spreadsheet would take for a formula (=, +, -, @ first, or TAB or CR before one: OWASP's CSV
// injection list) gets a leading apostrophe; a plain negative number stays a number.
std::string CsvField(std::string value) {
  const bool formula_start =
      !value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos;
  const bool plain_number = !value.empty() && value.front() == '-' &&
                            value.find_first_not_of("0123456789.-") == std::string::npos;
  if (formula_start && !plain_number) value.insert(value.begin(), '\'');
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// A list's rows, one line each, under a header of the first row's fields; an error is one row
// of its own. Other replies have no rows and give just the header.
std::string ToCsv(const Reply& reply) {
  const pugi::xml_node doc = reply.doc_node();
  std::string csv;
  if (pugi::xml_node error = doc.child("error")) {
    return "error,object,message\r\n" + CsvField(error.attribute("type").value()) + "," +
           CsvField(error.attribute("object").value()) + "," + CsvField(error.child_value("msg")) +
           "\r\n";
  }
  // Every row's columns in the order they first appear: a row leaves out cells it has no value
  // for (API.md), so the first row alone may not name them all.
  std::vector<std::string> columns;
  for (pugi::xml_node row : doc.children("elem")) {
    for (pugi::xml_node field : row.children()) {
      if (field.type() == pugi::node_element &&
          std::find(columns.begin(), columns.end(), field.name()) == columns.end())
        columns.push_back(field.name());
    }
  }
  for (std::size_t i = 0; i < columns.size(); ++i) csv += (i ? "," : "") + columns[i];
  csv += "\r\n";
  for (pugi::xml_node row : doc.children("elem")) {
    for (std::size_t i = 0; i < columns.size(); ++i)
      csv += (i ? "," : "") + CsvField(row.child(columns[i].c_str()).text().get());
    csv += "\r\n";
  }
  return csv;
}

std::string ToText(const Reply& reply) {
  pugi::xml_node doc = reply.doc_node();
  std::string out;
  if (pugi::xml_node error = doc.child("error")) {
    out.append("ERROR ").append(error.attribute("type").value()).append("(");
    AppendTextValue(out, error.attribute("object").value(), false);
    out.append("): ");
    AppendTextValue(out, error.child_value("msg"), false);
    return out + "\n";
  }
  // Exactly three bytes: ISP4-era billing plugins compare the whole body with "OK " (API.md).
  if (doc.child("ok")) return "OK ";
  for (pugi::xml_node child : doc.children()) {
    if (child.type() != pugi::node_element || std::string_view(child.name()) == "tparams") continue;
    if (std::string_view(child.name()) == "elem") {
      out += TextLine(child);
    } else if (child.first_child().type() == pugi::node_element) {
      out.append(child.name()).append(": ") += TextLine(child);
    } else if (!child.first_child() && child.first_attribute()) {
      // Data carried in attributes only (<accounts level="16" total="3"/>): its key=value pairs.
      out.append(child.name()).append(":");
      for (pugi::xml_attribute attr : child.attributes()) {
        out.append(" ").append(attr.name()).append("=");
        AppendTextValue(out, attr.value());
      }
    } else {
      out.append(child.name()).append("=");
      AppendTextValue(out, child.child_value());
    }
    out.push_back('\n');
  }
  return out;
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view out) {
  if (out.empty() || out == "xml" || out == "devel") return OutputFormat::kXml;
  if (out == "json" || out == "sjson" || out == "xjson") return OutputFormat::kJson;
  if (out == "text") return OutputFormat::kText;
  if (out == "csv") return OutputFormat::kCsv;
  if (out == "html") return OutputFormat::kHtml;
  return std::nullopt;
}

Rendered Render(const Reply& reply, OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson: {
      Json root = Json::object();
      root["doc"] = ToJson(reply.doc_node());
      // Invalid UTF-8 cannot reach here (params are checked), but never let dump() throw.
      return {"application/json", root.dump(-1, ' ', false, Json::error_handler_t::replace)};
    }
    case OutputFormat::kText:
      return {"text/plain; charset=utf-8", ToText(reply)};
    case OutputFormat::kCsv:
      return {"text/csv; charset=utf-8", ToCsv(reply)};
    case OutputFormat::kXml:
    case OutputFormat::kHtml:  // the panel renders HTML itself; here it is the XML it starts from
      break;
  }
  return {"text/xml", SaveXml(reply.document())};
}

std::string SaveXml(const pugi::xml_document& document) {
  // Room for a page of a list at once: growing from empty would copy the text several times.
  constexpr std::size_t kTypicalReply = 16 * 1024;
  std::string xml;
  xml.reserve(kTypicalReply);
  StringWriter writer(xml);
  document.save(writer, "", pugi::format_raw, pugi::encoding_utf8);
  return xml;
}

}  // namespace resellermgr::core
