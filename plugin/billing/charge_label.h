#pragma once
// The daily charges' reference in the ledger ("billing:ITEM", one invoice line per item and
// month) and the words an invoice line shows for it, in the reader's language.

#include <optional>
#include <string>
#include <string_view>

#include "core/messages.h"

namespace resellermgr::billing {

inline constexpr std::string_view kChargeReference = "billing:";

// "billing:plan:basic" -> "Accounts on template basic (days)"; nullopt for any other reference.
std::optional<std::string> ChargeLabel(const core::Messages& messages, std::string_view lang,
                                       std::string_view reference);

}  // namespace resellermgr::billing
