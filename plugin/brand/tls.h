#pragma once
// TLS for brand domains (issue 27 item 6), as the brand module's background work on every host:
// - SyncTls writes the certificates the database says to serve into tls_dir (certs/DOMAIN.pem,
//   keys/DOMAIN.key, 0600) with nginx/brands.conf: a server per domain on tls_listen (SNI), the
//   panel's own locations included, and a default server that refuses other names. When that
//   set changed (domains or fingerprints) it reloads nginx (tls_reload_command; nginx's reload
//   keeps open connections) or asks a root job to (tls_dir/reload-requested).
// - RenewAcme obtains a certificate for one due brand at a time (tls_mode acme: none yet for its
//   domain, or within acme_renew_days of its end) with certbot over HTTP-01 (webroot
//   tls_dir/acme, which nginx serves on acme_http_listen), checks it as an upload is checked,
//   and keeps it; a failure is kept for the form and retried with backoff.

namespace resellermgr {
struct Deps;
}

namespace resellermgr::brand {

bool SyncTls(const Deps& deps);
bool RenewAcme(const Deps& deps);

}  // namespace resellermgr::brand
