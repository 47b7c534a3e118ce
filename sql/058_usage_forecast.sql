-- Issue 25 item 5: predictive quota alerts. For each account with a disk or traffic limit, the
-- usage intake estimates from the last two weeks of its history (usage_daily; a reseller's rows
-- are its whole pool) when it reaches the limit at its recent rate, and keeps it here for lists
-- and dashboards. `alerted` is set when the estimate first falls within the horizon (the owner
-- and the reseller above are told then) and cleared when it leaves it, so each crossing is told
-- once, not every day.
CREATE TABLE usage_forecast (
  account_id BIGINT UNSIGNED NOT NULL,
  resource ENUM('disk', 'traffic') NOT NULL,
  days_left INT NULL,
  rate_mib_per_day BIGINT NOT NULL DEFAULT 0,
  used_mib BIGINT UNSIGNED NOT NULL DEFAULT 0,
  limit_mib BIGINT UNSIGNED NOT NULL DEFAULT 0,
  alerted TINYINT(1) NOT NULL DEFAULT 0,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (account_id, resource),
  KEY forecast_soon (days_left),
  CONSTRAINT usage_forecast_account_fk FOREIGN KEY (account_id) REFERENCES account (id)
    ON DELETE CASCADE
) ENGINE=InnoDB;
