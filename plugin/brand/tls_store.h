#pragma once
// Brand certificates in MySQL (sql/054): the only place with their SQL. What may be shown
// (TlsState) never carries the key; only the hosts' file sync (Served) reads it.

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "brand/certificate_check.h"

namespace resellermgr::db {
class Connection;
}

namespace resellermgr::brand {

struct TlsState {
  std::string mode = "none";  // none, upload, acme
  std::string acme_error;
  // The certificate kept, if any: for which domain, from where, by whom, until when.
  std::optional<std::string> domain;
  std::string source, issuer, fingerprint;
  std::time_t not_after = 0;
  std::string not_after_text;  // the same, "YYYY-MM-DD HH:MM:SS" UTC
};

// A certificate a host serves: the brand's current domain, allowed, TLS on.
struct Served {
  std::string domain, fingerprint, chain_pem, key_pem;
};

// A brand whose ACME certificate is due (none for its domain yet, or near its end).
struct AcmeDue {
  long long account_id = 0;
  std::string account, domain;
};

class MySqlTlsStore {
 public:
  explicit MySqlTlsStore(db::Connection& connection) : connection_(connection) {}

  TlsState State(long long account_id);
  // A new mode; ACME starts again from now.
  void SetMode(long long account_id, const std::string& mode);
  void Keep(long long account_id, const std::string& domain, const std::string& source,
            const CheckedCertificate& certificate);
  void Drop(long long account_id);
  std::vector<Served> ServedCertificates();

  // One due brand, leased for `lease_seconds` (another host skips it), or nullopt.
  std::optional<AcmeDue> TakeAcmeDue(int renew_days, int lease_seconds);
  void AcmeFailed(long long account_id, const std::string& error);
  void AcmeDone(long long account_id);

 private:
  db::Connection& connection_;
};

using TlsStore = MySqlTlsStore;

}  // namespace resellermgr::brand
