-- Services (issue 12): a catalogue the admin keeps; per reseller, which services it resells and
-- whether its clients see them by default; per client, an override and the service's status.
-- Statuses and their allowed transitions are plugin/service/service_status.h; a service that is
-- active or in trial cannot be hidden from its client.
CREATE TABLE service (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(32) NOT NULL,
  title_en VARCHAR(128) NOT NULL,
  title_ru VARCHAR(128) NOT NULL,
  builtin TINYINT(1) NOT NULL DEFAULT 0,
  UNIQUE KEY service_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

INSERT INTO service (name, title_en, title_ru, builtin) VALUES
  ('cdn', 'CDN', 'CDN', 1),
  ('webprotection', 'Web Protection', 'Защита сайтов', 1),
  ('streaming', 'Streaming', 'Стриминг', 1),
  ('cloud', 'Cloud', 'Облако', 1),
  ('dns', 'DNS', 'DNS', 1),
  ('storage', 'Storage', 'Хранилище', 1);

-- What a reseller resells, and whether its clients see a service they have no row for.
CREATE TABLE reseller_service (
  account_id BIGINT UNSIGNED NOT NULL,
  service_id BIGINT UNSIGNED NOT NULL,
  resells TINYINT(1) NOT NULL DEFAULT 1,
  default_visible TINYINT(1) NOT NULL DEFAULT 1,
  PRIMARY KEY (account_id, service_id),
  CONSTRAINT reseller_service_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
  CONSTRAINT reseller_service_service_fk FOREIGN KEY (service_id) REFERENCES service (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- A client's service: its visibility override and its status, with the one before and when.
CREATE TABLE client_service (
  account_id BIGINT UNSIGNED NOT NULL,
  service_id BIGINT UNSIGNED NOT NULL,
  visibility ENUM('default', 'shown', 'hidden') NOT NULL DEFAULT 'default',
  status ENUM('new', 'trial', 'trialend', 'activating', 'active', 'paused', 'deleted') NOT NULL DEFAULT 'new',
  previous_status ENUM('new', 'trial', 'trialend', 'activating', 'active', 'paused', 'deleted') NULL,
  status_changed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (account_id, service_id),
  KEY client_service_service (service_id, status),
  CONSTRAINT client_service_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
  CONSTRAINT client_service_service_fk FOREIGN KEY (service_id) REFERENCES service (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Vendor settings (issue 12 item 2): who handles a reseller's clients' support, and the
-- addresses the clients' panel shows. "vendor": the host; "reseller": the reseller itself.
CREATE TABLE vendor_settings (
  account_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  support_by ENUM('vendor', 'reseller') NOT NULL DEFAULT 'vendor',
  support_email VARCHAR(255) NOT NULL DEFAULT '',
  support_phone VARCHAR(64) NOT NULL DEFAULT '',
  url_docs VARCHAR(255) NOT NULL DEFAULT '',
  url_status VARCHAR(255) NOT NULL DEFAULT '',
  url_client_area VARCHAR(255) NOT NULL DEFAULT '',
  CONSTRAINT vendor_settings_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Mail (issue 12 item 6): each message is written in the transaction of the change that causes
-- it, and a delivery thread sends it over SMTP after commit, retrying with backoff; a failed
-- delivery never undoes the change.
CREATE TABLE mail_message (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  kind VARCHAR(64) NOT NULL,
  recipient VARCHAR(255) NOT NULL,
  sender_name VARCHAR(255) NOT NULL DEFAULT '',  -- the brand the recipient knows
  subject VARCHAR(255) NOT NULL,
  body TEXT NOT NULL,
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  sent_at DATETIME(6) NULL,
  failed_at DATETIME(6) NULL,
  last_error VARCHAR(255) NOT NULL DEFAULT '',
  KEY mail_due (sent_at, failed_at, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Staff rights over services: sellers and support manage them, partners read them.
UPDATE perm_group SET rights = CONCAT(rights, ',services:read') WHERE builtin = 1 AND name = 'PARTNER';
UPDATE perm_group SET rights = CONCAT(rights, ',services:read,services:edit')
 WHERE builtin = 1 AND name IN ('SALES', 'SUPPORT');
UPDATE login l JOIN perm_group g ON g.id = l.perm_group_id SET l.rights = g.rights
 WHERE g.builtin = 1;
