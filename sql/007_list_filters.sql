-- Saved list filters (reseller.filter, user.filter), per login and list, as COREmanager keeps them.

CREATE TABLE list_filter (
  login_id BIGINT UNSIGNED NOT NULL,
  list VARCHAR(64) NOT NULL,
  name_contains VARCHAR(64) NOT NULL DEFAULT '',
  status VARCHAR(16) NOT NULL DEFAULT '',
  PRIMARY KEY (login_id, list),
  CONSTRAINT list_filter_login_fk FOREIGN KEY (login_id) REFERENCES login (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
