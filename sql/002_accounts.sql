-- Resellers and their hosting users: contact fields, limits as data, suspensions with
-- provenance, maintained per-account aggregates, and the su stack on sessions.

ALTER TABLE account
  ADD COLUMN email VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN phone VARCHAR(64) NOT NULL DEFAULT '',
  ADD COLUMN company VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN comment VARCHAR(2000) NOT NULL DEFAULT '',
  ADD COLUMN oversell TINYINT(1) NOT NULL DEFAULT 0,
  -- Maintained in the same transaction as the change: live child accounts, and whether the
  -- account has any suspension row (so lists sort and filter on indexed columns).
  ADD COLUMN users_count INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN suspended TINYINT(1) NOT NULL DEFAULT 0,
  ADD KEY account_level_name (level, deleted_at, name),
  ADD KEY account_level_users (level, deleted_at, users_count),
  ADD KEY account_parent_name (parent_id, deleted_at, name);

-- What limits exist, their kind and their ISPmanager 4 alias. Pooled limits are handed out from
-- the owner's pool (the sum over its children may not exceed the owner's value); flags are
-- permissions a child may have only if its owner has them.
CREATE TABLE limit_descriptor (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  kind ENUM('count', 'mib', 'flag') NOT NULL,
  isp4_alias VARCHAR(64) NULL,
  sort_order SMALLINT UNSIGNED NOT NULL,
  UNIQUE KEY limit_alias (isp4_alias)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO limit_descriptor (name, kind, isp4_alias, sort_order) VALUES
  ('limit_users', 'count', 'userlimit', 10),
  ('limit_quota', 'mib', 'disklimit', 20),
  ('limit_traff', 'mib', 'bandwidthlimit', 30),
  ('limit_webdomains', 'count', 'webdomainlimit', 40),
  ('limit_domains', 'count', 'domainlimit', 50),
  ('limit_emaildomains', 'count', 'maildomainlimit', 60),
  ('limit_emails', 'count', 'maillimit', 70),
  ('limit_db', 'count', 'databaselimit', 80),
  ('limit_db_users', 'count', 'databaseuserlimit', 90),
  ('limit_ftp_users', 'count', 'ftplimit', 100),
  ('limit_shell', 'flag', 'shell', 200),
  ('limit_cgi', 'flag', 'cgi', 210),
  ('limit_php_mode_mod', 'flag', 'phpmod', 220),
  ('limit_php_mode_cgi', 'flag', 'phpcgi', 230),
  ('limit_php_mode_fcgi', 'flag', 'phpfcgi', 240),
  ('limit_ssi', 'flag', 'ssi', 250),
  ('limit_ssl', 'flag', 'ssl', 260);

-- A missing row means "no limit" for count/mib limits and "off" for flags.
CREATE TABLE account_limit (
  account_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  value BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (account_id, name),
  CONSTRAINT account_limit_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
  CONSTRAINT account_limit_name_fk FOREIGN KEY (name) REFERENCES limit_descriptor (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- An account is active when it has no row here. A cascade row (cause_id set) was created by
-- suspending the owner and goes away with the row that caused it. source_account_id is
-- provenance (who suspended), kept even after that account is deleted.
CREATE TABLE suspension (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT UNSIGNED NOT NULL,
  source_account_id BIGINT UNSIGNED NOT NULL,
  cause_id BIGINT UNSIGNED NULL,
  reason VARCHAR(255) NOT NULL DEFAULT '',
  locked TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY suspension_account (account_id),
  KEY suspension_cause (cause_id),
  CONSTRAINT suspension_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
  CONSTRAINT suspension_cause_fk FOREIGN KEY (cause_id) REFERENCES suspension (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- su: the accounts pushed onto a session, comma-separated ids, the last one acted as.
ALTER TABLE session
  ADD COLUMN su_stack VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN effective_account_id BIGINT UNSIGNED NULL,
  ADD KEY session_effective (effective_account_id);
