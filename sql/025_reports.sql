-- Monthly statistics reports (issue 12 item 7): per reseller and month, its clients, their
-- services in use, their disk and traffic, and what the reseller's wallet was charged. Written
-- by `resellerctl report monthly` (cron, at the month's end: usage figures are as of the run);
-- the month under way is read live.
CREATE TABLE monthly_report (
  account_id BIGINT UNSIGNED NOT NULL,
  month CHAR(7) NOT NULL,
  clients INT UNSIGNED NOT NULL,
  services_active INT UNSIGNED NOT NULL,
  disk_mib BIGINT UNSIGNED NOT NULL,
  traffic_mib BIGINT UNSIGNED NOT NULL,
  charges BIGINT NOT NULL,
  generated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (account_id, month),
  KEY monthly_report_month (month),
  CONSTRAINT monthly_report_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Reports are read with the usage rights.
