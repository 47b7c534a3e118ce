-- The change funnel's outbox (DESIGN.md "One change funnel"): an event per change, written in the
-- change's own transaction, delivered after commit by the daemon's delivery thread (a signed
-- webhook POST for now; e-mail and autopayment requests later), with retries and backoff. A
-- failed delivery never undoes the change. Delivered events go after 7 days, undelivered ones
-- after 30.
CREATE TABLE outbox_event (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  kind VARCHAR(64) NOT NULL,
  account_id BIGINT UNSIGNED NULL,
  target VARCHAR(255) NOT NULL,
  payload MEDIUMTEXT NOT NULL,
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  delivered_at DATETIME(6) NULL,
  last_error VARCHAR(255) NOT NULL DEFAULT '',
  KEY outbox_pending (delivered_at, next_attempt_at),
  KEY outbox_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
