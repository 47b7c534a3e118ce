-- Issue 27 item 4: broadcasts. A reseller (or the admin) writes to all its users or a filtered
-- set of them; the request freezes the audience (one row a recipient) and the daemon's
-- background work opens a ticket at each recipient and mails it, in batches, each recipient in
-- the same transaction as its ticket and mail, so nobody gets it twice.
CREATE TABLE broadcast (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT UNSIGNED NOT NULL,
  sender VARCHAR(64) NOT NULL,
  sender_account VARCHAR(64) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  body TEXT NOT NULL,
  audience VARCHAR(255) NOT NULL DEFAULT '',
  total INT UNSIGNED NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  finished_at DATETIME(6) NULL,
  KEY broadcast_account (account_id, id),
  CONSTRAINT broadcast_account_fk FOREIGN KEY (account_id) REFERENCES account (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE broadcast_recipient (
  broadcast_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  done_at DATETIME(6) NULL,
  ticket_id BIGINT UNSIGNED NULL,
  mail_id BIGINT UNSIGNED NULL,
  PRIMARY KEY (broadcast_id, account_id),
  -- What is due, in order: the background work reads it from here.
  KEY broadcast_recipient_due (done_at, broadcast_id, account_id),
  KEY broadcast_recipient_account (account_id),
  CONSTRAINT broadcast_recipient_broadcast_fk FOREIGN KEY (broadcast_id) REFERENCES broadcast (id)
    ON DELETE CASCADE,
  CONSTRAINT broadcast_recipient_account_fk FOREIGN KEY (account_id) REFERENCES account (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
