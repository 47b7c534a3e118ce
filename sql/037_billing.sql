-- Issue 23, daily charges: each reseller pays, for each day in advance, the day's share of the
-- monthly price of what it holds at its provider card. A day of a payer is charged once:
-- billing_day's key makes a second run (or a run resumed after a crash) skip it.
CREATE TABLE billing_day (
  day DATE NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  status ENUM('charged', 'unpaid') NOT NULL,
  amount BIGINT NOT NULL DEFAULT 0,
  at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (day, account_id),
  KEY billing_day_account (account_id, day),
  CONSTRAINT billing_day_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row a payer, day and item: how many it held, the monthly price, the day's amount and the
-- ledger movement that paid it (none on an unpaid day).
CREATE TABLE billing_charge (
  day DATE NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  item VARCHAR(96) NOT NULL,
  quantity BIGINT NOT NULL,
  monthly_price BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  transfer_id BIGINT UNSIGNED NULL,
  PRIMARY KEY (day, account_id, item),
  CONSTRAINT billing_charge_day_fk FOREIGN KEY (day, account_id)
    REFERENCES billing_day (day, account_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
