-- Issue 24, licence reselling (DESIGN.md "Licences"): numbered licence products, IP licences held
-- by resellers (one per IP and type in the installation), activation keys with a server limit,
-- and server accounts, a reseller's customers grouping licences and keys under a limit of their
-- own. Licences are rate card items (license:CODE), charged by the daily run.
CREATE TABLE license_type (
  code INT UNSIGNED NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  -- Types of one product that are not `multiple` exclude each other on a server (one Imunify360
  -- tier per IP); a `multiple` type may sit beside the product's other types.
  product VARCHAR(32) NOT NULL,
  multiple TINYINT(1) NOT NULL DEFAULT 0,
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  UNIQUE KEY license_type_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO license_type (code, name, product, multiple) VALUES
  (1, 'CloudLinux OS', 'cloudlinux', 0),
  (16, 'KernelCare', 'kernelcare', 0),
  (41, 'Imunify360 single user', 'imunify360', 0),
  (42, 'Imunify360 up to 30 users', 'imunify360', 0),
  (43, 'Imunify360 up to 250 users', 'imunify360', 0),
  (49, 'Imunify360 unlimited', 'imunify360', 0);

CREATE TABLE server_account (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT UNSIGNED NOT NULL,
  login VARCHAR(64) NOT NULL,
  first_name VARCHAR(128) NOT NULL DEFAULT '',
  last_name VARCHAR(128) NOT NULL DEFAULT '',
  company VARCHAR(255) NOT NULL DEFAULT '',
  email VARCHAR(255) NOT NULL DEFAULT '',
  license_limit INT UNSIGNED NULL,  -- NULL: no limit of its own
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY server_account_login (account_id, login),
  CONSTRAINT server_account_account_fk FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- token: what a server registers with (shown to its owner, never logged). servers counts the
-- licences registered with it, moved in the registration's statement, so a limit holds under
-- parallel registrations.
CREATE TABLE license_key (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token CHAR(32) NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  server_account_id BIGINT UNSIGNED NULL,
  type_code INT UNSIGNED NOT NULL,
  server_limit INT UNSIGNED NOT NULL,
  servers INT UNSIGNED NOT NULL DEFAULT 0,
  note VARCHAR(255) NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY license_key_token (token),
  KEY license_key_account (account_id, id),
  CONSTRAINT license_key_account_fk FOREIGN KEY (account_id) REFERENCES account (id),
  CONSTRAINT license_key_server_account_fk FOREIGN KEY (server_account_id) REFERENCES server_account (id),
  CONSTRAINT license_key_type_fk FOREIGN KEY (type_code) REFERENCES license_type (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- ip: the canonical text of an IPv4 or IPv6 address (inet_ntop). key_id: registered by a server
-- with that key (removing the key frees them).
CREATE TABLE license (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ip VARCHAR(45) NOT NULL,
  type_code INT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  server_account_id BIGINT UNSIGNED NULL,
  key_id BIGINT UNSIGNED NULL,
  hostname VARCHAR(255) NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  last_checkin DATETIME(6) NULL,
  UNIQUE KEY license_ip_type (ip, type_code),
  KEY license_account (account_id, ip),
  KEY license_server_account (server_account_id),
  KEY license_key (key_id),
  CONSTRAINT license_type_fk FOREIGN KEY (type_code) REFERENCES license_type (code),
  CONSTRAINT license_account_fk FOREIGN KEY (account_id) REFERENCES account (id),
  CONSTRAINT license_server_account_fk FOREIGN KEY (server_account_id) REFERENCES server_account (id),
  CONSTRAINT license_key_fk FOREIGN KEY (key_id) REFERENCES license_key (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- How many licences a reseller's subtree may hold (set by its parent; no row: no limit).
CREATE TABLE license_limit (
  account_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  max_licenses INT UNSIGNED NOT NULL,
  CONSTRAINT license_limit_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
