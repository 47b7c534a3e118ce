#include "brand/tls_store.h"
#include "db/columns.h"
#include "db/connection.h"
#include "db/transaction.h"

namespace resellermgr::brand {
namespace {

constexpr char kState[] = R"sql(
    SELECT b.tls_mode, b.acme_error, c.domain, COALESCE(c.source, '') AS source,
           COALESCE(c.issuer, '') AS issuer, COALESCE(c.fingerprint, '') AS fingerprint,
           COALESCE(UNIX_TIMESTAMP(c.not_after), 0) AS not_after,
           COALESCE(DATE_FORMAT(c.not_after, '%Y-%m-%d %H:%i:%s'), '') AS not_after_text
    FROM brand b LEFT JOIN brand_certificate c ON c.account_id = b.account_id
    WHERE b.account_id = ?)sql";
constexpr auto kStateColumns = db::Columns::Of(kState);
constexpr char kSetMode[] = R"sql(
    UPDATE brand SET tls_mode = ?, acme_next_at = NULL, acme_attempts = 0, acme_error = ''
    WHERE account_id = ?)sql";
constexpr char kKeep[] = R"sql(
    INSERT INTO brand_certificate (account_id, domain, source, chain_pem, key_pem, fingerprint,
                                   issuer, not_after, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?), UTC_TIMESTAMP(6))
    ON DUPLICATE KEY UPDATE domain = VALUES(domain), source = VALUES(source),
      chain_pem = VALUES(chain_pem), key_pem = VALUES(key_pem),
      fingerprint = VALUES(fingerprint), issuer = VALUES(issuer), not_after = VALUES(not_after),
      updated_at = VALUES(updated_at))sql";
constexpr char kDrop[] = "DELETE FROM brand_certificate WHERE account_id = ?";
// What hosts serve: the certificate of the brand's current domain, rebranding allowed, TLS on,
// not expired.
constexpr char kServed[] = R"sql(
    SELECT c.domain, c.fingerprint, c.chain_pem, c.key_pem
    FROM brand_certificate c JOIN brand b ON b.account_id = c.account_id
    WHERE b.allowed = 1 AND b.tls_mode <> 'none' AND b.domain = c.domain
      AND c.not_after > UTC_TIMESTAMP()
    ORDER BY c.domain)sql";
constexpr auto kServedColumns = db::Columns::Of(kServed);
constexpr char kDue[] = R"sql(
    SELECT b.account_id, a.name, b.domain FROM brand b JOIN account a ON a.id = b.account_id
    LEFT JOIN brand_certificate c ON c.account_id = b.account_id AND c.domain = b.domain
    WHERE b.tls_mode = 'acme' AND b.allowed = 1 AND b.domain IS NOT NULL
      AND (c.account_id IS NULL OR c.not_after < UTC_TIMESTAMP() + INTERVAL ? DAY)
      AND (b.acme_next_at IS NULL OR b.acme_next_at <= UTC_TIMESTAMP(6))
    ORDER BY b.acme_next_at LIMIT 1 FOR UPDATE SKIP LOCKED)sql";
constexpr auto kDueColumns = db::Columns::Of(kDue);
constexpr char kLease[] =
    "UPDATE brand SET acme_next_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND WHERE account_id = ?";
// A failure waits a minute, then twice as long each time, a day at most.
constexpr char kFailed[] = R"sql(
    UPDATE brand SET acme_error = ?, acme_attempts = acme_attempts + 1,
      acme_next_at = UTC_TIMESTAMP(6) + INTERVAL LEAST(60 * POW(2, acme_attempts), 86400) SECOND
    WHERE account_id = ?)sql";
constexpr char kDone[] = R"sql(
    UPDATE brand SET acme_error = '', acme_attempts = 0, acme_next_at = NULL WHERE account_id = ?)sql";

}  // namespace

TlsState MySqlTlsStore::State(long long account_id) {
  TlsState state;
  auto rows = db::Select(db::Query(connection_, kState, account_id));
  if (!rows->next()) return state;
  constexpr const db::Columns& k = kStateColumns;
  state.mode = rows->getString(k["tls_mode"]);
  state.acme_error = rows->getString(k["acme_error"]);
  if (!rows->isNull(k["domain"])) state.domain = rows->getString(k["domain"]);
  state.source = rows->getString(k["source"]);
  state.issuer = rows->getString(k["issuer"]);
  state.fingerprint = rows->getString(k["fingerprint"]);
  state.not_after = rows->getInt64(k["not_after"]);
  state.not_after_text = rows->getString(k["not_after_text"]);
  return state;
}

void MySqlTlsStore::SetMode(long long account_id, const std::string& mode) {
  db::Query(connection_, kSetMode, mode, account_id).executeUpdate();
}

void MySqlTlsStore::Keep(long long account_id, const std::string& domain, const std::string& source,
                         const CheckedCertificate& c) {
  db::Query(connection_, kKeep, account_id, domain, source, c.chain_pem, c.key_pem, c.fingerprint,
            c.issuer, static_cast<long long>(c.not_after))
      .executeUpdate();
}

void MySqlTlsStore::Drop(long long account_id) {
  db::Query(connection_, kDrop, account_id).executeUpdate();
}

std::vector<Served> MySqlTlsStore::ServedCertificates() {
  std::vector<Served> served;
  auto rows = db::Select(db::Query(connection_, kServed));
  constexpr const db::Columns& k = kServedColumns;
  while (rows->next()) {
    served.push_back({rows->getString(k["domain"]), rows->getString(k["fingerprint"]),
                      rows->getString(k["chain_pem"]), rows->getString(k["key_pem"])});
  }
  return served;
}

std::optional<AcmeDue> MySqlTlsStore::TakeAcmeDue(int renew_days, int lease_seconds) {
  db::Transaction tx(connection_);
  auto rows = db::Select(db::Query(connection_, kDue, renew_days));
  if (!rows->next()) return std::nullopt;
  AcmeDue due{rows->getInt64(kDueColumns["account_id"]), rows->getString(kDueColumns["name"]),
              rows->getString(kDueColumns["domain"])};
  db::Query(connection_, kLease, lease_seconds, due.account_id).executeUpdate();
  tx.Commit();
  return due;
}

void MySqlTlsStore::AcmeFailed(long long account_id, const std::string& error) {
  db::Query(connection_, kFailed, error.substr(0, 255), account_id).executeUpdate();
}

void MySqlTlsStore::AcmeDone(long long account_id) {
  db::Query(connection_, kDone, account_id).executeUpdate();
}

}  // namespace resellermgr::brand
