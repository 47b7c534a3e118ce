#pragma once
// Whether a certificate chain and key may serve a brand domain (issue 27 item 6), checked with
// OpenSSL before anything is kept: the key is the leaf's, the leaf's names cover the domain
// (X509_check_host), it is valid now, and the chain is complete up to a trusted root (the
// system's store, plus `extra_ca_file`) for TLS servers. The PEM that is kept is written again
// from what was read: the leaf, then the chain as it verified, and the key as PKCS#8.

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace resellermgr::brand {

struct CheckedCertificate {
  std::string chain_pem, key_pem;
  std::string fingerprint;  // SHA-256 of the leaf (DER), lower-case hex
  std::string issuer;       // the leaf issuer's common name (or its whole name)
  std::time_t not_after = 0;
};

struct CertificateVerdict {
  std::optional<CheckedCertificate> ok;
  std::string field;  // "certificate" or "private_key"
  std::string problem;
};

CertificateVerdict CheckCertificate(std::string_view chain_pem, std::string_view key_pem,
                                    const std::string& domain, const std::string& extra_ca_file,
                                    std::time_t now);

}  // namespace resellermgr::brand
