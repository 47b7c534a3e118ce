-- Issue 25 item 3: consent-based support access. A company may ask that nobody above it logs in
-- as it (su, user.su, reseller.su, su=, session.newkey) without its consent: the account above
-- asks (a pending grant, with a reason), the company's owner grants it for some hours or
-- refuses, and either side may end it. An admin may override in an emergency, with a reason:
-- the grant is made at once (kind 'override') and the owner is told. Sessions opened under a
-- grant carry it (su_grant_id), so every audit row written in them names it, and revoking the
-- grant ends them.
ALTER TABLE account ADD COLUMN su_consent_required TINYINT(1) NOT NULL DEFAULT 0;

CREATE TABLE access_grant (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT UNSIGNED NOT NULL,
  grantee_account_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('request', 'override') NOT NULL DEFAULT 'request',
  state ENUM('pending', 'granted', 'refused', 'revoked') NOT NULL DEFAULT 'pending',
  reason VARCHAR(255) NOT NULL,
  hours INT UNSIGNED NOT NULL,
  requested_by VARCHAR(64) NOT NULL,
  requested_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  decided_by VARCHAR(64) NOT NULL DEFAULT '',
  decided_at DATETIME(6) NULL,
  expires_at DATETIME(6) NULL,
  uses INT UNSIGNED NOT NULL DEFAULT 0,
  last_used_at DATETIME(6) NULL,
  KEY grant_account (account_id, state),
  KEY grant_grantee (grantee_account_id, state),
  CONSTRAINT grant_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
  CONSTRAINT grant_grantee_fk FOREIGN KEY (grantee_account_id) REFERENCES account (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

ALTER TABLE session ADD COLUMN su_grant_id BIGINT UNSIGNED NULL, ADD KEY session_grant (su_grant_id);
