-- Issue 27 item 5: a support desk. A ticket may be assigned to one of its centre's logins;
-- waiting_since is when the client side wrote what the centre has not answered yet (the SLA
-- age; NULL while the client is the one to answer, or once closed); internal notes are messages
-- only the centre's side sees; attachments are kept in the database beside their message,
-- checked from their bytes when uploaded (ticket/attachment_check.h).
ALTER TABLE ticket
  ADD COLUMN assignee_login_id BIGINT UNSIGNED NULL,
  ADD COLUMN waiting_since DATETIME(6) NULL,
  ADD KEY ticket_center_status (account_id, status, updated_at),
  ADD CONSTRAINT ticket_assignee_fk FOREIGN KEY (assignee_login_id) REFERENCES login (id)
    ON DELETE SET NULL;
UPDATE ticket SET waiting_since = updated_at WHERE status = 'open';

ALTER TABLE ticket_message ADD COLUMN internal TINYINT(1) NOT NULL DEFAULT 0;

CREATE TABLE ticket_attachment (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ticket_id BIGINT UNSIGNED NOT NULL,
  message_id BIGINT UNSIGNED NOT NULL,
  filename VARCHAR(128) NOT NULL,
  content_type VARCHAR(64) NOT NULL,
  size INT UNSIGNED NOT NULL,
  data MEDIUMBLOB NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ticket_attachment_message (message_id),
  KEY ticket_attachment_ticket (ticket_id, id),
  CONSTRAINT ticket_attachment_ticket_fk FOREIGN KEY (ticket_id) REFERENCES ticket (id)
    ON DELETE CASCADE,
  CONSTRAINT ticket_attachment_message_fk FOREIGN KEY (message_id) REFERENCES ticket_message (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
