#include "core/svg.h"

#include <sstream>

namespace resellermgr::core {

SvgDrawing::SvgDrawing(int width, int height, const std::string& title)
    : svg_(doc_.append_child("svg")) {
  svg_.append_attribute("xmlns") = "http://www.w3.org/2000/svg";
  svg_.append_attribute("width") = width;
  svg_.append_attribute("height") = height;
  svg_.append_attribute("viewBox") =
      ("0 0 " + std::to_string(width) + " " + std::to_string(height)).c_str();
  svg_.append_attribute("font-family") = "sans-serif";
  svg_.append_attribute("font-size") = 11;
  svg_.append_child("title").text().set(title.c_str());
}

void SvgDrawing::Text(int x, int y, const std::string& value, const char* anchor) {
  pugi::xml_node text = svg_.append_child("text");
  text.append_attribute("x") = x;
  text.append_attribute("y") = y;
  if (anchor != nullptr) text.append_attribute("text-anchor") = anchor;
  text.text().set(value.c_str());
}

void SvgDrawing::Rect(int x, int y, int width, int height, const char* fill) {
  pugi::xml_node rect = svg_.append_child("rect");
  rect.append_attribute("x") = x;
  rect.append_attribute("y") = y;
  rect.append_attribute("width") = width;
  rect.append_attribute("height") = height;
  rect.append_attribute("fill") = fill;
}

Reply SvgDrawing::ToReply(const std::string& filename) const {
  std::ostringstream out;
  doc_.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  Reply reply;
  reply.SetAttachment({"image/svg+xml", filename, out.str(), true});
  return reply;
}

}  // namespace resellermgr::core
