-- Usage history (issue 13, feature 3): each account's disk and traffic as of the day's last
-- usage.report (its own for a user; its totals, everything below included, for a reseller).
-- Daily rows are kept 90 days; `resellerctl usage rollup` (cron, daily) folds older days into
-- monthly rows (the month's highest), so storage stays bounded.
CREATE TABLE usage_daily (
  account_id BIGINT UNSIGNED NOT NULL,
  day DATE NOT NULL,
  quota_mib BIGINT UNSIGNED NOT NULL,
  traff_mib BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (account_id, day),
  KEY usage_daily_day (day),
  CONSTRAINT usage_daily_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE usage_monthly (
  account_id BIGINT UNSIGNED NOT NULL,
  month CHAR(7) NOT NULL,
  quota_mib BIGINT UNSIGNED NOT NULL,
  traff_mib BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (account_id, month),
  CONSTRAINT usage_monthly_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
