-- The support center: tickets live in one account's center (account_id); the admin's
-- reseller.message opens one there. A ticket is visible to its center's account, to the account
-- that opened it, and to admins.

CREATE TABLE ticket (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT UNSIGNED NOT NULL,
  author_account_id BIGINT UNSIGNED NOT NULL,
  subject VARCHAR(255) NOT NULL,
  priority ENUM('high', 'medium', 'low') NOT NULL DEFAULT 'medium',
  category VARCHAR(64) NOT NULL DEFAULT '',
  status ENUM('open', 'answered', 'closed') NOT NULL DEFAULT 'open',
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ticket_center (account_id, updated_at),
  KEY ticket_author (author_account_id, updated_at),
  CONSTRAINT ticket_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ticket_message (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ticket_id BIGINT UNSIGNED NOT NULL,
  author_login VARCHAR(64) NOT NULL,
  author_account VARCHAR(64) NOT NULL,
  body TEXT NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ticket_message_thread (ticket_id, id),
  CONSTRAINT ticket_message_ticket_fk FOREIGN KEY (ticket_id) REFERENCES ticket (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
