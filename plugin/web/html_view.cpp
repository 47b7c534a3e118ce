#include "web/html_view.h"

#include <libexslt/exslt.h>
#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include <stdexcept>

#include "core/render.h"

namespace resellermgr::web {
namespace {

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct StylesheetFree {
  void operator()(xsltStylesheet* style) const { xsltFreeStylesheet(style); }
};
struct PrefsFree {
  void operator()(xsltSecurityPrefs* prefs) const { xsltFreeSecurityPrefs(prefs); }
};
struct ContextFree {
  void operator()(xsltTransformContext* context) const { xsltFreeTransformContext(context); }
};
struct XmlFree {
  void operator()(xmlChar* text) const { xmlFree(text); }
};

using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

}  // namespace

struct HtmlView::Compiled {
  std::unique_ptr<xsltStylesheet, StylesheetFree> stylesheet;
  std::unique_ptr<xsltSecurityPrefs, PrefsFree> prefs;
};

HtmlView::HtmlView(const std::string& path) : compiled_(std::make_unique<Compiled>()) {
  xmlInitParser();     // before any worker thread parses (libxml2 initialises its globals here)
  exsltRegisterAll();  // str:encode-uri, str:split for the templates
  DocPtr source(xmlReadFile(path.c_str(), nullptr, XML_PARSE_NONET));
  if (!source) throw std::runtime_error("cannot read the stylesheet " + path);
  // On success the stylesheet owns the document.
  compiled_->stylesheet.reset(xsltParseStylesheetDoc(source.get()));
  if (!compiled_->stylesheet) throw std::runtime_error("invalid stylesheet " + path);
  source.release();

  compiled_->prefs.reset(xsltNewSecurityPrefs());
  for (xsltSecurityOption option :
       {XSLT_SECPREF_READ_FILE, XSLT_SECPREF_WRITE_FILE, XSLT_SECPREF_CREATE_DIRECTORY,
        XSLT_SECPREF_READ_NETWORK, XSLT_SECPREF_WRITE_NETWORK}) {
    xsltSetSecurityPrefs(compiled_->prefs.get(), option, xsltSecurityForbid);
  }
}

HtmlView::~HtmlView() = default;

std::string HtmlView::Render(const pugi::xml_document& page) const {
  const std::string text = core::SaveXml(page);
  DocPtr input(xmlReadMemory(text.data(), static_cast<int>(text.size()), "page.xml", "UTF-8",
                             XML_PARSE_NONET));
  if (!input) throw std::runtime_error("the panel page is not well-formed XML");

  std::unique_ptr<xsltTransformContext, ContextFree> context(
      xsltNewTransformContext(compiled_->stylesheet.get(), input.get()));
  if (!context || xsltSetCtxtSecurityPrefs(compiled_->prefs.get(), context.get()) != 0)
    throw std::runtime_error("cannot set up the XSLT transformation");
  DocPtr result(xsltApplyStylesheetUser(compiled_->stylesheet.get(), input.get(), nullptr, nullptr,
                                        nullptr, context.get()));
  if (!result || context->state != XSLT_STATE_OK)
    throw std::runtime_error("the XSLT transformation failed");

  xmlChar* raw = nullptr;
  int size = 0;
  if (xsltSaveResultToString(&raw, &size, result.get(), compiled_->stylesheet.get()) != 0)
    throw std::runtime_error("cannot serialise the HTML page");
  std::unique_ptr<xmlChar, XmlFree> html(raw);
  return html ? std::string(reinterpret_cast<const char*>(html.get()), size) : std::string();
}

}  // namespace resellermgr::web
