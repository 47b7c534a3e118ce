-- Limit templates, reported usage with maintained owner totals, per-login language, and the
-- index the audit list filters on.

CREATE TABLE preset (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_account_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  UNIQUE KEY preset_owner_name (owner_account_id, name),
  CONSTRAINT preset_owner_fk FOREIGN KEY (owner_account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE preset_limit (
  preset_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  value BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (preset_id, name),
  CONSTRAINT preset_limit_preset_fk FOREIGN KEY (preset_id) REFERENCES preset (id) ON DELETE CASCADE,
  CONSTRAINT preset_limit_name_fk FOREIGN KEY (name) REFERENCES limit_descriptor (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Usage as the host reports it (disk and traffic in MiB). For an owner, the columns hold the
-- totals of the accounts it owns plus its own, updated in the same transaction as each report.
ALTER TABLE account
  ADD COLUMN quota_used BIGINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN traff_used BIGINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN own_quota_used BIGINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN own_traff_used BIGINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN usage_reported_at DATETIME(6) NULL,
  ADD KEY account_level_quota (level, deleted_at, quota_used),
  ADD KEY account_level_traff (level, deleted_at, traff_used);

ALTER TABLE login
  ADD COLUMN lang CHAR(2) NOT NULL DEFAULT 'en';

ALTER TABLE audit_log
  ADD KEY audit_as_account (as_account, id),
  ADD KEY audit_target (target, id);
