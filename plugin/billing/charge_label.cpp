#include "billing/charge_label.h"

#include "base/text.h"

namespace resellermgr::billing {

std::optional<std::string> ChargeLabel(const core::Messages& messages, std::string_view lang,
                                       std::string_view reference) {
  if (!reference.starts_with(kChargeReference)) return std::nullopt;
  const std::string_view item = reference.substr(kChargeReference.size());
  // plan:NAME, service:NAME, license:CODE name a thing of a kind; the others are the kind.
  const std::size_t colon = item.find(':');
  const std::string kind(item.substr(0, colon));
  const std::optional<std::string> words = messages.Find(lang, "billing.item", kind);
  if (!words) return std::string(item);
  return colon == std::string_view::npos
             ? *words
             : base::ReplaceAll(*words, "__name__", item.substr(colon + 1));
}

}  // namespace resellermgr::billing
