#include "core/reply.h"

#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include "base/text.h"
#include "core/messages.h"

namespace resellermgr::core {
namespace {

// A number's decimal digits in `buffer`, without an allocation.
std::string_view Decimal(long long number, std::array<char, 24>& buffer) {
  const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number).ptr;
  return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
}

// What a person reads for `name` in the form of `func`: its label there, else the name.
std::string LabelIn(const Messages& messages, std::string_view lang, std::string_view func,
                    const std::string& name) {
  if (func.empty() || name.empty()) return name;
  std::optional<std::string> label = messages.Find(lang, func, name);
  return label && !label->empty() ? *label : name;
}

std::string LocalizedErrorText(const base::PluginError& error, const Messages& messages,
                               std::string_view lang, std::string_view func,
                               std::string_view value_label) {
  const std::string type(base::ErrorTypeName(error.kind()));
  std::optional<std::string> text =
      messages.Find(lang, "msgerror", "msg_error_" + type + "_" + error.object());
  if (!text) text = messages.Find(lang, "msgerror", "msg_error_" + type);
  if (!text) text = "Error: " + type;
  const bool field =
      error.kind() == base::ErrorKind::kInvalidValue || error.kind() == base::ErrorKind::kLimit;
  const std::string object = field ? LabelIn(messages, lang, func, error.object()) : error.object();
  const std::string value = value_label.empty() ? error.value() : std::string(value_label);
  return base::ReplaceAll(base::ReplaceAll(*text, "__object__", object), "__value__", value);
}

}  // namespace

Element Element::Add(std::string_view name) {
  return Element(node_.append_child(std::string(name).c_str()));
}

Element& Element::Set(std::string_view name, std::string_view text) {
  if (row_ && text.empty()) return *this;
  Add(name).Text(text);
  return *this;
}

Element& Element::Set(std::string_view name, long long number) {
  std::array<char, 24> buffer;
  return Set(name, Decimal(number, buffer));
}

Element& Element::Attr(std::string_view name, std::string_view value) {
  const std::string key(name);
  pugi::xml_attribute attr = node_.attribute(key.c_str());
  if (!attr) attr = node_.append_attribute(key.c_str());
  if (base::IsXmlText(value)) {
    attr.set_value(value.data(), value.size());
  } else {
    attr.set_value(base::ToXmlText(value).c_str());
  }
  return *this;
}

Element& Element::Attr(std::string_view name, long long number) {
  std::array<char, 24> buffer;
  return Attr(name, Decimal(number, buffer));
}

Element& Element::Text(std::string_view text) {
  if (base::IsXmlText(text)) {
    node_.text().set(text.data(), text.size());
  } else {
    node_.text().set(base::ToXmlText(text).c_str());
  }
  return *this;
}

Reply::Reply() : doc_(std::make_unique<pugi::xml_document>()) {
  // An explicit declaration: pugixml's default one omits the encoding that clients expect.
  pugi::xml_node declaration = doc_->append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  doc_->append_child("doc");
}

Reply Reply::Load(const std::string& xml) {
  Reply reply;
  reply.doc_->reset();
  if (!reply.doc_->load_buffer(xml.data(), xml.size(),
                               pugi::parse_default | pugi::parse_declaration) ||
      !reply.doc_->child("doc")) {
    throw std::runtime_error("a saved reply is not a <doc>");
  }
  return reply;
}

Reply Reply::Ok() {
  Reply reply;
  reply.Root().Add("ok");
  return reply;
}

std::string LocalizedDetail(const std::string& detail, const Messages& messages,
                            std::string_view lang) {
  if (lang == "en") return detail;
  // The detail's shape: its numbers (with decimals) stand as {} in the "detail" messages.
  std::string key;
  std::vector<std::string> numbers;
  for (std::size_t i = 0; i < detail.size();) {
    if (std::isdigit(static_cast<unsigned char>(detail[i]))) {
      std::size_t end = i;
      while (end < detail.size() && (std::isdigit(static_cast<unsigned char>(detail[end])) ||
                                     (detail[end] == '.' && end + 1 < detail.size() &&
                                      std::isdigit(static_cast<unsigned char>(detail[end + 1])))))
        ++end;
      numbers.push_back(detail.substr(i, end - i));
      key += "{}";
      i = end;
    } else {
      key += detail[i++];
    }
  }
  std::optional<std::string> text = messages.Find(lang, "detail", key);
  if (!text || *text == key) return detail;
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < text->size(); ++i) {
    if (text->compare(i, 2, "{}") == 0 && next < numbers.size()) {
      out += numbers[next++];
      ++i;
    } else {
      out += (*text)[i];
    }
  }
  return out;
}

Reply Reply::Error(const base::PluginError& error, const Messages& messages, std::string_view lang,
                   std::string_view func, std::string_view value_label) {
  Reply reply;
  const std::string_view type = base::ErrorTypeName(error.kind());
  Element err = reply.Root().Add("error");
  err.Attr("type", type).Attr("object", error.object()).Attr("lang", lang);
  // ISP4 attributes beside the ISP5 ones, so both generations of clients can read the error.
  err.Attr("code", base::Isp4ErrorCode(error.kind()));
  if (error.kind() == base::ErrorKind::kInvalidValue || error.kind() == base::ErrorKind::kLimit ||
      error.kind() == base::ErrorKind::kConflict) {
    err.Attr("val", error.object());
  } else {
    err.Attr("obj", error.entity().empty() ? error.object() : error.entity());
  }
  err.Add("param").Attr("name", "object").Attr("type", "msg").Text(error.object());
  err.Add("param").Attr("name", "value").Text(error.value());
  const std::string text = LocalizedErrorText(error, messages, lang, func, value_label);
  err.Set("msg", text);
  err.Set("detail",
          error.detail().empty() ? text : LocalizedDetail(error.detail(), messages, lang));
  return reply;
}

Element Reply::Root() { return Element(doc_->child("doc")); }

Element Reply::AddRow() { return Element(doc_->child("doc").append_child("elem"), true); }

bool Reply::IsError() const { return static_cast<bool>(doc_->child("doc").child("error")); }

void Reply::AddHeader(std::string name, std::string value) {
  headers_.emplace_back(std::move(name), std::move(value));
}

}  // namespace resellermgr::core
