-- Access to function groups ("modules"): a row denies the group to the account and, for a
-- reseller, to its users too. No row: allowed.

CREATE TABLE account_denied_group (
  account_id BIGINT UNSIGNED NOT NULL,
  grp VARCHAR(32) NOT NULL,
  PRIMARY KEY (account_id, grp),
  CONSTRAINT account_denied_group_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
