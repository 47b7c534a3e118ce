#include "wallet/low_balance.h"

#include "base/config.h"
#include "contacts/contacts.h"
#include "core/deps.h"
#include "mail/mail.h"
#include "money/amount.h"

namespace resellermgr::wallet {

changes::Change TellLowBalance(const Deps& deps, const std::string& name, const LowBalance& low) {
  const std::string available = money::FormatAmount(low.available);
  const std::string line = money::FormatAmount(low.line);
  deps.mail.Enqueue(deps.Get<mail::Composer>().ComposeTo(
      deps.Get<contacts::Contacts>().ContactOf(low.account_id, false), "wallet.low_balance",
      {{"name", name},
       {"available", available},
       {"line", line},
       {"currency", deps.config.currency}}));
  return {"wallet:" + name,
          "low balance " + available,
          "",
          "wallet.low_balance",
          {{"available", "", available}, {"low_balance", "", line}},
          name};
}

}  // namespace resellermgr::wallet
