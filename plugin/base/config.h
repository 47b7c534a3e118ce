#pragma once
// Immutable configuration, read once at start-up from "key = value" files and passed by const&.
// Unknown keys and bad numbers are start-up errors (std::runtime_error).

#include <string>
#include <vector>

namespace resellermgr::base {

struct DbSettings {
  // The addresses to try, in order: `nodes`, or the one server.
  std::vector<std::string> Endpoints() const;

  std::string host = "127.0.0.1";
  int port = 3306;
  std::string socket;  // preferred over host:port when set
  // Several hosts (DESIGN "Several hosts"): the database nodes this host may use, in order of
  // preference (Connector/C++ addresses, "tcp://HOST:PORT" or "unix:///PATH"), from db_nodes.
  // Empty: the one server of socket or host:port. A worker whose node fails moves to the next,
  // and comes back to the first after failback_seconds.
  std::vector<std::string> nodes;
  int failback_seconds = 30;
  // Where the application's user connects from, as `resellerctl migrate` grants it (db_user_hosts:
  // 'localhost' for one machine; the hosts' addresses or a pattern such as 10.0.0.% for several).
  std::vector<std::string> user_hosts = {"localhost"};
  // On a Galera node (wsrep_on), each request first waits for the cluster's earlier commits
  // (wsrep_sync_wait, db::Connection::EnsureConnected): a session opened, a password changed or
  // a token revoked through another host counts at once. 0 turns the wait off.
  int sync_wait = 1;
  std::string name = "resellermgr";
  std::string user = "resellermgr";
  std::string password;
  // Prepared statements one connection keeps (least recently used go first). List filters and
  // sorts make many statement texts, and the server's max_prepared_stmt_count is shared by
  // every connection of every host.
  int statement_cache_size = 128;
  // How long one statement's reply may take: a request's statements are short; batch work from
  // resellerctl (the month-end invoice run) sets more.
  int read_timeout_seconds = 30;
};

struct Config {
  // FastCGI listener: a unix socket path, or "host:port".
  std::string listen = "/run/resellermgr/resellermgr.sock";
  int socket_mode = 0660;
  int threads = 4;
  int backlog = 256;
  // How long a worker waits for the next piece of a request (or for the peer to take the reply)
  // before it drops the connection: a client that sends half a record cannot hold a worker.
  int io_timeout_seconds = 10;
  // Verified passwords each worker remembers (auth/credential_cache.h); 0 turns the cache off.
  int credential_cache_entries = 1024;

  DbSettings db;
  // Schema-changing credentials, used only by `resellerctl migrate` (kept in a root-only file).
  std::string db_admin_user;
  std::string db_admin_password;

  std::string xml_dir = "/opt/resellermgr/share/xml";
  std::string sql_dir = "/opt/resellermgr/share/sql";
  // The browser panel's XSLT (panel.xsl); its static assets are served by nginx.
  std::string templates_dir = "/opt/resellermgr/share/resellermgr/templates";

  int session_idle_seconds = 3600;
  int session_lifetime_seconds = 86400;
  int key_ttl_seconds = 120;
  int throttle_window_seconds = 900;
  int throttle_login_max = 5;  // failures per login within the window
  int throttle_ip_max = 30;    // failures per client address within the window

  // The change funnel's outbox (changes/outbox.h): each event is POSTed as JSON to webhook_url,
  // signed with HMAC-SHA256 of webhook_secret (X-Resellermgr-Signature: sha256=HEX). Without a
  // URL events are marked delivered with nothing sent. Failed deliveries are retried after
  // outbox_retry_seconds, doubling each time, up to outbox_max_attempts.
  std::string webhook_url;
  std::string webhook_secret;
  int outbox_poll_seconds = 5;
  int outbox_retry_seconds = 30;
  int outbox_max_attempts = 12;
  // How long events stay readable in the feed (`event`) and their webhook deliveries listed.
  int event_keep_days = 30;
  // The longest a company's owner may grant support access for (issue 25 item 3), in hours.
  int access_grant_max_hours = 72;
  // Predictive quota alerts (issue 25 item 5): an account whose disk or traffic is estimated to
  // reach its limit within this many days is told once (and its reseller).
  int usage_alert_days = 7;

  // Mail (mail/mail.h): the SMTP relay messages go to ("smtp://127.0.0.1:25"; empty: none, and
  // messages wait in mail_message), and the envelope and From address. Retries follow
  // outbox_retry_seconds and outbox_max_attempts.
  std::string smtp_url;
  std::string smtp_from = "resellermgr@localhost";
  // The panel's address as links in mail name it (a brand with its own domain gets that).
  std::string panel_url = "http://127.0.0.1:1500/ispmgr";
  // Host names no brand may take as its domain, besides the panel's own (panel_url's host):
  // comma-separated; ".example.com" also covers every name below it.
  std::string reserved_domains;

  // TLS for brand domains (issue 27 item 6; brand/tls.h). Certificates live in the database;
  // each host writes the valid ones to tls_dir (certs/, keys/, and nginx/brands.conf: a server
  // per brand domain listening on tls_listen with SNI, serving tls_panel_include, the panel's
  // own locations) and runs tls_reload_command (empty: it touches tls_dir/reload-requested for a
  // root job to reload nginx). acme_http_listen serves HTTP-01 challenges from tls_dir/acme.
  // ACME (certbot) runs when acme_directory is set: its account mail acme_email, the ACME
  // server's API trusted through acme_ca_bundle (a private or test server), renewal
  // acme_renew_days before expiry. tls_trusted_ca adds trust anchors an uploaded chain may end
  // in (a company CA) besides the system's.
  std::string tls_dir;  // empty: this instance keeps no files (install.sh sets it)
  std::string tls_listen;
  std::string acme_http_listen;
  std::string tls_panel_include;
  std::string tls_reload_command;
  std::string tls_trusted_ca;
  std::string acme_directory;
  std::string acme_email;
  std::string acme_ca_bundle;
  std::string certbot = "/usr/bin/certbot";
  int acme_renew_days = 30;

  // The installation's currency (ISO 4217), printed on wallets' documents. Amounts are integer
  // minor units of it, two decimals.
  std::string currency = "USD";
  // How strong a new password must be: "dictionary" (libpwquality's checks: no dictionary word,
  // not the login's name, not too simple) or "length" (8 characters, for billing systems that
  // generate short passwords of their own). util/password_quality.h.
  std::string password_strength = "dictionary";

  // Licences (issue 24): a licence whose server has not checked in for this many days is flagged;
  // license.checkin answers this many requests a minute per address (more: refused until the
  // minute is over).
  int license_stale_days = 3;
  int license_checkin_per_minute = 60;
  // Backups tied to licences: the datacenters a backup may be placed in (comma-separated), and
  // the backup system's address a "Manage" link opens with a one-time key (empty: none).
  std::string backup_datacenters = "dc1";
  std::string backup_url;

  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_field_bytes = 64 * 1024;
  std::string log_level = "info";

  // Later files override earlier ones; a missing file is an error.
  static Config Load(const std::vector<std::string>& paths);
  // Applies one "key = value" text (used by Load and by tests).
  void Apply(const std::string& text, const std::string& origin);
};

}  // namespace resellermgr::base
