-- Issue 22, several hosts: a delivery thread claims the rows it will send in a short transaction
-- of its own (next_attempt_at moves past the time the sending may take: the lease), sends after
-- that commit, and marks each row sent or failed. No lock is held while a webhook or an SMTP
-- relay answers, which a Galera cluster would not replicate anyway; a host that dies holding a
-- lease leaves rows that fall due again when it expires. claimed_by names the host that took a
-- row last, for whoever looks at a stuck queue.
ALTER TABLE outbox_event ADD COLUMN claimed_by VARCHAR(64) NOT NULL DEFAULT '' AFTER last_error;
ALTER TABLE mail_message ADD COLUMN claimed_by VARCHAR(64) NOT NULL DEFAULT '' AFTER last_error;
