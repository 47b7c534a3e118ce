-- Issue 23, non-payment: how many unpaid days a reseller's parent lets it run before it is
-- suspended (default 3 without a row).
CREATE TABLE billing_setting (
  account_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  grace_days INT NOT NULL,
  CONSTRAINT billing_setting_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
