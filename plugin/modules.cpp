#include "modules.h"

#include "account/module.h"
#include "audit/module.h"
#include "auth/module.h"
#include "billing/module.h"
#include "brand/module.h"
#include "broadcast/module.h"
#include "group/module.h"
#include "home/module.h"
#include "invoice/module.h"
#include "license/module.h"
#include "notice/module.h"
#include "preset/module.h"
#include "ratecard/module.h"
#include "report/module.h"
#include "service/module.h"
#include "signup/module.h"
#include "ticket/module.h"
#include "wallet/module.h"
#include "webhook/module.h"

namespace resellermgr {

// In this order their right areas are numbered (the order of a rights string), their stores
// built (a module may use the stores of those above it) and their home tiles offered.
std::span<const core::Module* const> AllModules() {
  // clang-format off
  static const core::Module* const kModules[] = {
      &account::kModule,
      &preset::kModule,
      &ticket::kModule,
      &account::kUsageModule,
      &audit::kModule,
      &auth::kModule,
      &group::kModule,
      &wallet::kModule,
      &service::kModule,
      &auth::kLoginAsModule,
      &invoice::kModule,
      &brand::kModule,
      &report::kModule,
      &ratecard::kModule,
      &billing::kModule,
      &license::kModule,
      &signup::kModule,
      &home::kModule,
      &notice::kModule,
      &broadcast::kModule,
      &webhook::kModule,
  };
  // clang-format on

  return kModules;
}

}  // namespace resellermgr
