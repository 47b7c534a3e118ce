#pragma once
// The one place that runs XSLT (libxslt): templates/panel.xsl turns the <page> document the panel
// builds (web/panel.h) into HTML. The stylesheet is compiled once at start-up; Render is
// thread-safe (libxslt allows one compiled stylesheet to transform in many threads at once).
// The transformation may not read or write files or the network (xsltSecurityPrefs).

#include <memory>
#include <pugixml.hpp>
#include <string>

namespace resellermgr::web {

class HtmlView {
 public:
  // Compiles the stylesheet at `path`. Throws std::runtime_error when it is missing or invalid.
  explicit HtmlView(const std::string& path);
  ~HtmlView();
  HtmlView(const HtmlView&) = delete;
  HtmlView& operator=(const HtmlView&) = delete;

  // The HTML document for `page`. Throws std::runtime_error when the transformation fails.
  std::string Render(const pugi::xml_document& page) const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace resellermgr::web
