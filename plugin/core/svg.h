#pragma once
// A chart drawn on the server as SVG (report.chart, usage.chart): built with pugixml, so every
// text in it is escaped, and sent as an inline image, readable without JavaScript.

#include <pugixml.hpp>
#include <string>

#include "core/reply.h"

namespace resellermgr::core {

class SvgDrawing {
 public:
  // <svg xmlns width height viewBox font-family font-size><title>title</title>.
  SvgDrawing(int width, int height, const std::string& title);
  SvgDrawing(const SvgDrawing&) = delete;
  SvgDrawing& operator=(const SvgDrawing&) = delete;

  // <text x y [text-anchor]>value</text>; no anchor attribute when `anchor` is null.
  void Text(int x, int y, const std::string& value, const char* anchor = "middle");
  void Rect(int x, int y, int width, int height, const char* fill);
  // For the shapes a chart draws itself (paths, polylines).
  pugi::xml_node Append(const char* element) { return svg_.append_child(element); }

  // The drawing as the reply's inline attachment `filename`.
  Reply ToReply(const std::string& filename) const;

 private:
  pugi::xml_document doc_;
  pugi::xml_node svg_;
};

}  // namespace resellermgr::core
