-- Password reset by e-mail (issue 12 item 6): a single-use token, mailed as a link; only its
-- SHA-256 is kept. It works once, for an hour, and a new request replaces older ones.
CREATE TABLE password_reset (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  login_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  expires_at DATETIME(6) NOT NULL,
  KEY password_reset_login (login_id),
  CONSTRAINT password_reset_login_fk FOREIGN KEY (login_id) REFERENCES login (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
