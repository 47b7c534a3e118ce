-- Issue 24, backups tied to a licence: one per licence, a size in GiB in a configured datacenter,
-- priced per GiB a month (rate card item backup_gib). "Manage" hands out a one-time key link to
-- the configured backup system, which asks back with backup.key (the key is kept hashed and
-- works once, within minutes).
CREATE TABLE backup (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  license_id BIGINT UNSIGNED NOT NULL,
  size_gib INT UNSIGNED NOT NULL,
  datacenter VARCHAR(32) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  changed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY backup_license (license_id),
  CONSTRAINT backup_license_fk FOREIGN KEY (license_id) REFERENCES license (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE backup_key (
  key_hash CHAR(64) NOT NULL PRIMARY KEY,
  backup_id BIGINT UNSIGNED NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  KEY backup_key_expiry (expires_at),
  CONSTRAINT backup_key_backup_fk FOREIGN KEY (backup_id) REFERENCES backup (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
