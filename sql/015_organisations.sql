-- Organisations (issue 10): a company (account) has one owner login and any number of staff
-- logins; staff get their rights from a permission group; logins and companies may be locked to
-- address ranges; API tokens act for a login with a subset of its rights.

-- Every existing login becomes its account's owner, so nothing that works today loses a right.
ALTER TABLE login
  ADD COLUMN is_owner TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN email VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN fullname VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN perm_group_id BIGINT UNSIGNED NULL,
  -- The group's rights, copied whenever the login's group or the group's rights change (in the
  -- same transaction), so identifying a caller reads one row: NULL without a group.
  ADD COLUMN rights VARCHAR(1024) NULL,
  -- Normalised, comma-separated addresses and CIDR ranges; empty: any address.
  ADD COLUMN allowed_ips VARCHAR(1024) NOT NULL DEFAULT '',
  ADD KEY login_group (perm_group_id),
  ADD KEY login_account_owner (account_id, is_owner);

UPDATE login SET is_owner = 1;

ALTER TABLE account ADD COLUMN allowed_ips VARCHAR(1024) NOT NULL DEFAULT '';

-- A named set of rights: "area:action" items (users:read, users:suspend, tickets:edit, ...),
-- comma-separated in a canonical order, so the session query reads one column. Built-in groups
-- have no owner; an admin's or a reseller's own groups have theirs. Names are unique across the
-- installation, like login and account names.
CREATE TABLE perm_group (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_account_id BIGINT UNSIGNED NULL,
  name VARCHAR(64) NOT NULL,
  rights VARCHAR(1024) NOT NULL DEFAULT '',
  -- Offered by the admin to resellers: they may assign it to their staff.
  offered TINYINT(1) NOT NULL DEFAULT 0,
  builtin TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY perm_group_name (name),
  KEY perm_group_owner (owner_account_id),
  CONSTRAINT perm_group_owner_fk FOREIGN KEY (owner_account_id) REFERENCES account (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

ALTER TABLE login
  ADD CONSTRAINT login_group_fk FOREIGN KEY (perm_group_id) REFERENCES perm_group (id);

INSERT INTO perm_group (owner_account_id, name, rights, offered, builtin) VALUES
  (NULL, 'SALES',
   'resellers:read,resellers:edit,resellers:suspend,resellers:delete,'
   'users:read,users:edit,users:suspend,users:delete,presets:read,presets:edit,presets:delete,'
   'tickets:read,tickets:edit,tickets:delete,usage:read,usage:edit,audit:read', 1, 1),
  (NULL, 'SUPPORT',
   'resellers:read,resellers:suspend,users:read,users:suspend,presets:read,'
   'tickets:read,tickets:edit,usage:read', 1, 1),
  (NULL, 'PARTNER',
   'resellers:read,users:read,presets:read,tickets:read,usage:read,audit:read,logins:read,'
   'groups:read', 1, 1);

-- API tokens: 256-bit random secrets, stored as SHA-256 (a fast hash is right for a random
-- secret). Rights empty: all of the login's; read_only drops every change.
CREATE TABLE api_token (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  token_hash BINARY(32) NOT NULL,
  rights VARCHAR(1024) NOT NULL DEFAULT '',
  read_only TINYINT(1) NOT NULL DEFAULT 0,
  allowed_ips VARCHAR(1024) NOT NULL DEFAULT '',
  expires_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  last_used_at DATETIME(6) NULL,
  UNIQUE KEY api_token_hash (token_hash),
  UNIQUE KEY api_token_login_name (login_id, name),
  CONSTRAINT api_token_login_fk FOREIGN KEY (login_id) REFERENCES login (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
