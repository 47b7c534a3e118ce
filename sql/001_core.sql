-- Tenancy, credentials, sessions, login throttling and the audit log.
-- Times are UTC (the connection sets time_zone = '+00:00').

CREATE TABLE account (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent_id BIGINT UNSIGNED NULL,
  level TINYINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  fullname VARCHAR(255) NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  deleted_at DATETIME(6) NULL,
  UNIQUE KEY account_name (name),
  KEY account_parent (parent_id),
  CONSTRAINT account_parent_fk FOREIGN KEY (parent_id) REFERENCES account (id),
  CONSTRAINT account_level_ck CHECK (level IN (16, 24, 29, 30))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Credentials are separate from the tenant: one account may have several logins.
CREATE TABLE login (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  force_password_change TINYINT(1) NOT NULL DEFAULT 0,
  disabled TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  password_changed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY login_name (name),
  KEY login_account (account_id),
  CONSTRAINT login_account_fk FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Only SHA-256 of the session id is stored; the id itself exists only at the client.
CREATE TABLE session (
  id_hash BINARY(32) NOT NULL PRIMARY KEY,
  login_id BIGINT UNSIGNED NOT NULL,
  csrf_token CHAR(64) NOT NULL,
  ip VARCHAR(45) NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL,
  last_seen DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  KEY session_login (login_id),
  KEY session_expires (expires_at),
  CONSTRAINT session_login_fk FOREIGN KEY (login_id) REFERENCES login (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One-time login keys (session.newkey); single use is enforced by deleting the row on use.
CREATE TABLE auth_key (
  key_hash BINARY(32) NOT NULL PRIMARY KEY,
  login_id BIGINT UNSIGNED NOT NULL,
  created_by BIGINT UNSIGNED NULL,
  expires_at DATETIME(6) NOT NULL,
  KEY auth_key_login (login_id),
  CONSTRAINT auth_key_login_fk FOREIGN KEY (login_id) REFERENCES login (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Failed logins per login name and per client address, in a sliding window.
CREATE TABLE auth_failure (
  scope ENUM('login', 'ip') NOT NULL,
  subject VARCHAR(255) NOT NULL,
  failures INT UNSIGNED NOT NULL,
  window_start DATETIME(6) NOT NULL,
  PRIMARY KEY (scope, subject)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Append-only; each row hashes its content with the previous row's hash (resellerctl audit verify).
CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at DATETIME(6) NOT NULL,
  actor VARCHAR(64) NOT NULL,
  as_account VARCHAR(64) NOT NULL,
  ip VARCHAR(45) NOT NULL,
  func VARCHAR(64) NOT NULL,
  target VARCHAR(255) NOT NULL,
  outcome VARCHAR(32) NOT NULL,
  params TEXT NOT NULL,
  prev_hash CHAR(64) NOT NULL,
  row_hash CHAR(64) NOT NULL,
  KEY audit_at (at),
  KEY audit_actor (actor, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The chain head, locked FOR UPDATE by every append so the chain has no forks.
CREATE TABLE audit_head (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  last_hash CHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO audit_head (id, last_hash) VALUES (1, REPEAT('0', 64));
