-- Idempotency keys (API.md: every changing function accepts idempotency_key; the same key with the
-- same parameters gets the first reply, with other parameters a conflict). One row per login and
-- key, written in the transaction of the change it guards, kept 24 hours. Only a hash of the
-- parameters is kept, never their values.
CREATE TABLE idempotency_record (
  login_id BIGINT UNSIGNED NOT NULL,
  idem_key VARCHAR(128) NOT NULL,
  func VARCHAR(64) NOT NULL,
  params_hash BINARY(32) NOT NULL,
  reply MEDIUMTEXT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (login_id, idem_key),
  KEY idempotency_created (created_at),
  CONSTRAINT idempotency_login_fk FOREIGN KEY (login_id) REFERENCES login (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
