-- Issue 24, reseller sign-up: the reseller agreement in versions (the admin writes a new one with
-- agreement.edit), the sign-up settings, and each sign-up: what was filled in, the agreement
-- version accepted with its time and address, and where it stands (unverified until its e-mail
-- link is followed; then awaiting the admin's approval if asked for; then awaiting the deposit,
-- with a pending reseller account suspended as "signup:pending"; then active). A pending login
-- name is taken once; unfinished sign-ups expire.
CREATE TABLE agreement (
  version INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  text MEDIUMTEXT NOT NULL,
  created_by VARCHAR(64) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO agreement (text, created_by) VALUES
  ('The reseller agreement. The host sets its text in the panel (Reseller sign-up).', 'install');

CREATE TABLE signup_setting (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  enabled TINYINT(1) NOT NULL DEFAULT 0,
  approval TINYINT(1) NOT NULL DEFAULT 0,
  min_deposit BIGINT NOT NULL DEFAULT 1000
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO signup_setting (id) VALUES (1);

CREATE TABLE signup (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login VARCHAR(32) NOT NULL,
  email VARCHAR(255) NOT NULL,
  company VARCHAR(255) NOT NULL DEFAULT '',
  address VARCHAR(255) NOT NULL DEFAULT '',
  deposit BIGINT NOT NULL,
  agreement_version INT UNSIGNED NOT NULL,
  accepted_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  accepted_ip VARCHAR(45) NOT NULL,
  status ENUM('unverified', 'awaiting_approval', 'awaiting_payment', 'active') NOT NULL
    DEFAULT 'unverified',
  verify_hash CHAR(64) NOT NULL,
  payment_hash CHAR(64) NULL,
  account_id BIGINT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  expires_at DATETIME(6) NOT NULL,
  pending_login VARCHAR(32) AS (IF(status = 'active', NULL, login)) STORED,
  UNIQUE KEY signup_verify (verify_hash),
  UNIQUE KEY signup_pending_login (pending_login),
  KEY signup_account (account_id),
  KEY signup_expiry (status, expires_at),
  CONSTRAINT signup_agreement_fk FOREIGN KEY (agreement_version) REFERENCES agreement (version),
  CONSTRAINT signup_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
