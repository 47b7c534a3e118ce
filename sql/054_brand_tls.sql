-- Issue 27 item 6: TLS for brand domains. A brand's certificate (uploaded, or obtained through
-- ACME) is kept here with its key; every host writes the valid ones to its own tls_dir for its
-- nginx (brand/tls.h). The key never leaves the daemon and nginx: no reply or log carries it.
ALTER TABLE brand
  ADD COLUMN tls_mode ENUM('none', 'upload', 'acme') NOT NULL DEFAULT 'none',
  ADD COLUMN acme_next_at DATETIME(6) NULL,
  ADD COLUMN acme_attempts INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN acme_error VARCHAR(255) NOT NULL DEFAULT '';

CREATE TABLE brand_certificate (
  account_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  domain VARCHAR(253) NOT NULL,
  source ENUM('upload', 'acme') NOT NULL,
  chain_pem MEDIUMTEXT NOT NULL,
  key_pem TEXT NOT NULL,
  fingerprint CHAR(64) NOT NULL,
  issuer VARCHAR(255) NOT NULL,
  not_after DATETIME NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  CONSTRAINT brand_certificate_brand_fk FOREIGN KEY (account_id) REFERENCES brand (account_id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
