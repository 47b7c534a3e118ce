-- Issue 25 item 1: the change funnel's events as a feed, and webhooks per reseller.
--
-- Each event says whose it is: the account the change was about (subject_path, that account's
-- tree path when the event was written), so an account's subtree reads its events by a prefix
-- of the path. Events are numbered (seq) after commit, in one order every reader shares, by the
-- daemon's seal pass (changes/event_log.h): numbering at commit would let an event with a lower
-- number commit after a reader had passed it, and the feed (`event after=N`) would lose it.
ALTER TABLE outbox_event
  ADD COLUMN seq BIGINT UNSIGNED NULL AFTER id,
  ADD COLUMN subject_path VARCHAR(255) NOT NULL DEFAULT '' AFTER account_id,
  ADD UNIQUE KEY event_seq (seq);

-- The events before this migration were about the account that made them.
UPDATE outbox_event e JOIN account a ON a.id = e.account_id SET e.subject_path = a.tree_path;
SET @seq = 0;
UPDATE outbox_event SET seq = (@seq := @seq + 1) ORDER BY id;

-- The last number given: one row, touched by the seal pass only (never by a request).
CREATE TABLE event_seal (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  last_seq BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO event_seal (id, last_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM outbox_event;

-- A subscription: the events of the owner's subtree whose kind matches one of its patterns
-- (events: "account.*, wallet.deposit" or "*"), POSTed to url, signed with secret (and, until previous_until, with the secret it replaced).
-- allow_private: the admin let this one reach loopback and private addresses.
CREATE TABLE webhook (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT UNSIGNED NOT NULL,
  url VARCHAR(2048) NOT NULL,
  events VARCHAR(1024) NOT NULL,
  description VARCHAR(255) NOT NULL DEFAULT '',
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  allow_private TINYINT(1) NOT NULL DEFAULT 0,
  secret VARBINARY(128) NOT NULL,
  previous_secret VARBINARY(128) NULL,
  previous_until DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY webhook_account (account_id),
  CONSTRAINT webhook_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- One event for one webhook, sent after commit by the delivery engine (changes/delivery.h) and
-- retried with backoff; the list of them is what `webhook.delivery` shows, and "send again"
-- makes one due at once.
CREATE TABLE webhook_delivery (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  webhook_id BIGINT UNSIGNED NOT NULL,
  event_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  last_attempt_at DATETIME(6) NULL,
  delivered_at DATETIME(6) NULL,
  response_code SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  last_error VARCHAR(255) NOT NULL DEFAULT '',
  claimed_by VARCHAR(64) NOT NULL DEFAULT '',
  UNIQUE KEY delivery_once (webhook_id, event_id),
  KEY delivery_pending (delivered_at, next_attempt_at),
  KEY delivery_event (event_id),
  CONSTRAINT delivery_webhook_fk FOREIGN KEY (webhook_id) REFERENCES webhook (id) ON DELETE CASCADE,
  CONSTRAINT delivery_event_fk FOREIGN KEY (event_id) REFERENCES outbox_event (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- How far the events have been handed to the webhooks (a seq): one row, the fan-out pass's.
CREATE TABLE webhook_fanout (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  last_seq BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO webhook_fanout (id, last_seq) SELECT 1, last_seq FROM event_seal;
