// brand.certificate: TLS for a brand's login domain (issue 27 item 6). The reseller (or the
// admin, or its parent) chooses how its domain gets a certificate: `tls_mode=acme` (the hosts
// obtain and renew one by themselves: brand/tls.h), `upload` (a PEM chain and key, checked
// before anything is kept: brand/certificate_check.h), or `none`. The form shows the
// certificate kept (issuer, end, days left, whether it covers the domain set now) and ACME's
// last error. The key is a secret: never shown, never echoed, never in the audit log.

#include <ctime>

#include "audit/audit_log.h"
#include "base/config.h"
#include "base/errors.h"
#include "base/text.h"
#include "brand/brand_functions.h"
#include "brand/brand_store.h"
#include "brand/certificate_check.h"
#include "brand/tls_store.h"
#include "changes/changes.h"
#include "core/deps.h"

namespace resellermgr::brand {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

constexpr long long kDay = 24 * 3600;

// "valid", "expiring" (within acme_renew_days), "expired", "other_domain" (kept for a domain
// the brand no longer has), or "none".
std::string StateOf(const TlsState& tls, const Brand& b, const base::Config& config,
                    std::time_t now) {
  if (!tls.domain) return "none";
  if (*tls.domain != b.domain) return "other_domain";
  if (tls.not_after <= now) return "expired";
  if (tls.not_after - now < config.acme_renew_days * kDay) return "expiring";
  return "valid";
}

Reply ShowCertificate(const Deps& deps, const account::Account& target) {
  const Brand b = deps.Get<BrandStore>().Of(target.id, false);
  const TlsState tls = deps.Get<TlsStore>().State(target.id);
  const std::time_t now = std::time(nullptr);
  Reply reply;
  core::Element root = reply.Root();
  root.Set("elid", target.name)
      .Set("domain", b.domain)
      .Set("tls_mode", tls.mode)
      .Set("state", StateOf(tls, b, deps.config, now))
      .Set("certificate", "");
  if (tls.domain) {
    root.Set("certificate_domain", *tls.domain)
        .Set("source", tls.source)
        .Set("issuer", tls.issuer)
        .Set("not_after", tls.not_after_text)
        .Set("days_left", std::max<long long>(0, (tls.not_after - now) / kDay))
        .Set("fingerprint", tls.fingerprint);
  }
  if (!tls.acme_error.empty()) root.Set("acme_error", tls.acme_error);
  return reply;
}

Reply EditCertificate(const Deps& deps, const Request& request) {
  const account::Account target = Target(deps, request);
  if (!request.Submitted()) return ShowCertificate(deps, target);
  const Brand b = deps.Get<BrandStore>().Of(target.id, true);
  if (!b.allowed) {
    throw PluginError(ErrorKind::kAccessDenied, "brand", target.name,
                      "rebranding is not allowed for this account; the admin allows it");
  }
  const TlsState before = deps.Get<TlsStore>().State(target.id);
  const std::string mode(request.GetOr("tls_mode", before.mode));
  if (mode != "none" && mode != "upload" && mode != "acme")
    throw PluginError(ErrorKind::kInvalidValue, "tls_mode", base::Utf8Prefix(mode, 16));
  if (mode != "none" && b.domain.empty()) {
    throw PluginError(ErrorKind::kInvalidValue, "tls_mode", mode,
                      "set the brand's login domain first (brand.edit)");
  }
  if (mode == "acme" && deps.config.acme_directory.empty())
    throw PluginError(ErrorKind::kInvalidValue, "tls_mode", mode,
                      "this panel has no ACME server set");
  std::vector<changes::FieldChange> fields;
  if (mode != before.mode) fields.push_back({"tls_mode", before.mode, mode});
  const std::string pem(request.GetOr("certificate", ""));
  if (mode == "upload" && (!pem.empty() || !before.domain || before.source != "upload")) {
    const CertificateVerdict verdict =
        CheckCertificate(pem, request.GetOr("private_key", ""), b.domain,
                         deps.config.tls_trusted_ca, std::time(nullptr));
    if (!verdict.ok)
      throw PluginError(ErrorKind::kInvalidValue, verdict.field, "", verdict.problem);
    deps.Get<TlsStore>().Keep(target.id, b.domain, "upload", *verdict.ok);
    fields.push_back({"certificate", before.fingerprint, verdict.ok->fingerprint});
  }
  if (mode != before.mode) deps.Get<TlsStore>().SetMode(target.id, mode);
  if (mode == "none" && before.domain) {
    deps.Get<TlsStore>().Drop(target.id);
    fields.push_back({"certificate", before.fingerprint, ""});
  }
  deps.changes.Record(
      request, {"brand:" + target.name, "certificate changed", audit::RedactedParams(request),
                "brand.certificate_changed", std::move(fields), target.name});
  return Reply::Ok();
}

}  // namespace

// The home page of a reseller whose brand domain has TLS on: a word when its certificate ends
// within acme_renew_days, has ended, or no longer covers its domain.
void CertificateTile(const Deps& deps, const core::Request& request, core::Element home) {
  const core::Caller& caller = request.caller();
  if (caller.admin() || caller.level < AccessLevel::kReseller) return;
  const TlsState tls = deps.Get<TlsStore>().State(caller.account_id);
  if (tls.mode == "none" || !tls.domain) return;
  const Brand b = deps.Get<BrandStore>().Of(caller.account_id, false);
  const std::string state = StateOf(tls, b, deps.config, std::time(nullptr));
  if (state == "expiring" || state == "expired" || state == "other_domain")
    home.Add("advice").Attr("key", "certificate_" + state).Attr("func", "brand.certificate");
}

void RegisterCertificateFunctions(core::FunctionRegistry& registry) {
  registry.Add("brand.certificate", AccessLevel::kReseller, Effect::kSubmits, EditCertificate);
  registry.SetGroup("brand.certificate", "resellers");
}

}  // namespace resellermgr::brand
