#pragma once
// An issued document as a PDF (A4), drawn with cairo and laid out with pango, so any script the
// fonts cover (Latin, Cyrillic) prints. Text from the document is set as plain text, never as
// markup.

#include <map>
#include <string>

#include "invoice/invoice_store.h"

namespace resellermgr::invoice {

// `labels`: the "invoice.pdf" messages in the reader's language (title_invoice, seller, ...).
std::string RenderPdf(const Invoice& invoice, const std::map<std::string, std::string>& labels);

}  // namespace resellermgr::invoice
