-- Two-factor login (TOTP, RFC 6238; issue 10). The secret is kept as it must be to compute codes;
-- totp_last_step makes every code single-use (a step at or before it is refused). Recovery codes
-- are random, so SHA-256 is the right hash for them. A login challenge is the half-way state of a
-- password login waiting for its code (the panel's second page, or an API client's second call).
ALTER TABLE login
  ADD COLUMN totp_secret VARBINARY(64) NULL,
  ADD COLUMN totp_pending VARBINARY(64) NULL,
  ADD COLUMN totp_enabled TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN totp_last_step BIGINT UNSIGNED NOT NULL DEFAULT 0;

CREATE TABLE totp_recovery (
  login_id BIGINT UNSIGNED NOT NULL,
  code_hash BINARY(32) NOT NULL,
  PRIMARY KEY (login_id, code_hash),
  CONSTRAINT totp_recovery_login_fk FOREIGN KEY (login_id) REFERENCES login (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE login_challenge (
  id_hash BINARY(32) NOT NULL PRIMARY KEY,
  login_id BIGINT UNSIGNED NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  KEY login_challenge_expires (expires_at),
  CONSTRAINT login_challenge_login_fk FOREIGN KEY (login_id) REFERENCES login (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Who must use a second factor: every login of a company (account.require_totp), or of every
-- company of a level (a row here, set by the admin with totp.policy).
-- account.totp_required is the two together, kept whenever either changes, so identifying a
-- caller reads a column instead of running a subquery.
ALTER TABLE account
  ADD COLUMN require_totp TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN totp_required TINYINT(1) NOT NULL DEFAULT 0;
CREATE TABLE totp_required_level (
  level TINYINT UNSIGNED NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
