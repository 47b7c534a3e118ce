#include "audit/module.h"

#include <iostream>

#include "audit/audit_functions.h"
#include "audit/audit_log.h"
#include "core/deps.h"

namespace resellermgr::audit {
namespace {

// `audit verify`: walks the hash chain; exit 0 when it is intact.
int Verify(core::JobContext& context, const std::vector<std::string>&) {
  const VerifyResult result = context.deps.audit.Verify();
  if (result.ok) {
    std::cout << "audit log intact: " << result.rows << " rows\n";
    return 0;
  }
  std::cout << "audit log TAMPERED at row " << result.first_bad_id << "\n";
  return 1;
}

// The background pass: links committed audit rows into their chains.
bool SealAudit(const Deps& deps) { return deps.audit.Seal() == kAuditSealBatch; }

}  // namespace

const core::Module kModule{
    .name = "audit",
    .areas = {{"audit"}},
    .register_functions =
        [](core::FunctionRegistry& registry) {
          RegisterAuditFunctions(registry);
          registry.SetGroup("audit", "audit");
        },
    .jobs = {{"audit verify", "audit verify", 2, Verify}},
    .background = {{"audit seal", SealAudit}},
};

}  // namespace resellermgr::audit
