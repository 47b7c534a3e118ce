-- Issue 27 item 1: mail wordings edited in the panel. The shipped ones stay the "mail" messages
-- of the xml files; a row here replaces one for a language: the admin's (account_id NULL) for the
-- whole installation, a branded reseller's for the mails its clients get. owner is account_id
-- or 0, so one unique key covers both (Galera wants the surrogate primary key).
CREATE TABLE mail_template (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT UNSIGNED NULL,
  owner BIGINT UNSIGNED AS (COALESCE(account_id, 0)) STORED,
  kind VARCHAR(64) NOT NULL,
  lang CHAR(2) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  body TEXT NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_by VARCHAR(64) NOT NULL DEFAULT '',
  UNIQUE KEY mail_template_owner (owner, kind, lang),
  CONSTRAINT mail_template_account_fk FOREIGN KEY (account_id) REFERENCES account (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
