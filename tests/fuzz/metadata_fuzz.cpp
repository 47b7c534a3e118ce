// The XML metadata (core/mgrdata.h, core/metadata.h): a main file and a family file, as any two
// files in xml/ could be, merged and indexed the way the daemon loads them at start-up, then
// asked what the panel and the form check ask. The input is the two files split at the first
// 0x00 byte. Property: a merge either throws std::runtime_error (the daemon refuses to start,
// naming the file) or gives metadata every question can be asked of without a crash.

#include <memory>
#include <pugixml.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "base/errors.h"
#include "core/metadata.h"
#include "core/mgrdata.h"
#include "core/request.h"
#include "fuzz/fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view input = AsText(data, size);
  const std::size_t split = input.find('\0');
  const std::string_view main_text = input.substr(0, split);
  const std::string_view family_text =
      split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
  auto merged = std::make_shared<pugi::xml_document>();
  pugi::xml_document family;
  if (!merged->load_buffer(main_text.data(), main_text.size())) return 0;
  if (!family.load_buffer(family_text.data(), family_text.size())) return 0;
  try {
    resellermgr::core::MergeMgrData(*merged, {{"family.xml", &family}});
    const resellermgr::core::Metadata metadata =
        resellermgr::core::Metadata::FromDocument(merged, "main.xml");
    resellermgr::core::RawRequest raw;
    raw.query = "func=x&name=a&email=b%40c&elid=";
    const resellermgr::core::Request request =
        resellermgr::core::Request::Parse(raw, resellermgr::core::ParamLimits{});
    for (pugi::xml_node node : merged->child("mgrdata").children("metadata")) {
      const std::string func = node.attribute("name").value();
      FUZZ_CHECK(metadata.Find(func) == node);
      (void)metadata.ListOf(func);
      (void)metadata.ToolButton(func);
      (void)metadata.FormErrors(func, request);
      try {
        metadata.ValidateForm(func, request);
      } catch (const resellermgr::base::PluginError&) {
        // a field the fuzzed declaration refuses
      }
    }
    for (int level = 0; level <= 32; ++level) (void)metadata.MainMenu(level);
  } catch (const std::runtime_error&) {
    // a file the daemon refuses at start-up
  }
  return 0;
}
