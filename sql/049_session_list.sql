-- Issue 27: a login sees its sessions and ends them. A session is named by a number of its own
-- (the id hash is a secret's digest and never leaves the server), and keeps the client it was
-- opened from (the User-Agent, cut to 200 bytes) beside its address.
ALTER TABLE session
  ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  ADD COLUMN client VARCHAR(200) NOT NULL DEFAULT '',
  ADD UNIQUE KEY session_id (id);
