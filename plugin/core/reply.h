#pragma once
// The reply to one request: a single pugixml <doc> plus the few HTTP headers a function may add
// (Set-Cookie). Handlers build it through Element and never touch pugixml directly; the renderer
// (render.h) turns it into xml, json, text.
//
// Not thread-safe; one Reply belongs to one request.

#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/errors.h"

namespace resellermgr::core {

class Messages;

// A handle to one element of the reply. Cheap to copy; valid while its Reply lives.
// A list row (Reply::AddRow) leaves out a cell set to "": COREmanager emits no empty cells, and
// typed clients read an absent element as "no value" but fail on "" (API.md). A flag such as
// <disabled/> is added with Add, which always appends.
class Element {
 public:
  explicit Element(pugi::xml_node node, bool row = false) : node_(node), row_(row) {}

  Element Add(std::string_view name);                          // appends <name/>
  Element& Set(std::string_view name, std::string_view text);  // appends <name>text</name>
  Element& Set(std::string_view name, long long number);
  Element& Attr(std::string_view name, std::string_view value);
  Element& Attr(std::string_view name, long long number);
  Element& Text(std::string_view text);

 private:
  pugi::xml_node node_;
  bool row_ = false;
};

// A file a reply carries instead of a document (invoice.download): sent as it is, whatever
// out= asks for.
struct Attachment {
  std::string content_type;
  std::string filename;  // plain ASCII, no quotes
  std::string body;
  bool inline_display = false;  // shown in the page (a logo), not saved as a download
};

// An error's detail in `lang` (issue 13, defect 9): the "detail" messages hold the details the
// code writes in English, their numbers as {}; one without a translation stays as written.
std::string LocalizedDetail(const std::string& detail, const Messages& messages,
                            std::string_view lang);

class Reply {
 public:
  Reply();  // an empty <doc/>
  Reply(Reply&&) noexcept = default;
  Reply& operator=(Reply&&) noexcept = default;

  static Reply Ok();  // <doc><ok/></doc>
  // A reply saved with SaveXml before (a replayed idempotent change). Throws
  // std::runtime_error when `xml` is not such a document.
  static Reply Load(const std::string& xml);
  // <doc><error type object code ...><param/>...<msg/><detail/></error></doc>, localized.
  // With `func` (the function that failed), the message speaks as its form does (issue 20): a
  // field by its label ("Disk quota, MiB", not limit_quota); with `value_label`, the value as a
  // person reads it (a refused function's title, "Users: Delete", not user.delete). The
  // attributes and params keep the names clients read.
  static Reply Error(const base::PluginError& error, const Messages& messages,
                     std::string_view lang, std::string_view func = {},
                     std::string_view value_label = {});

  Element Root();
  Element AddRow();  // one list row: its empty cells are left out
  bool IsError() const;

  void AddHeader(std::string name, std::string value);
  void SetAttachment(Attachment attachment) {
    attachment_ = std::make_shared<Attachment>(std::move(attachment));
  }
  const Attachment* attachment() const { return attachment_.get(); }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

  // For the renderer and the dispatcher's decoration (func, lang, tparams).
  const pugi::xml_document& document() const { return *doc_; }
  pugi::xml_node doc_node() const { return doc_->child("doc"); }

 private:
  std::unique_ptr<pugi::xml_document> doc_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::shared_ptr<const Attachment> attachment_;
};

}  // namespace resellermgr::core
