-- Autopayments (issue 11, the CLN model): per wallet, "add funds" asks the billing system for a
-- top-up to a target when what the wallet may spend drops below a threshold; "repay" asks for at
-- least a minimum when the balance turns negative. A request is an outbox event with its key; the
-- money arrives only when the billing system confirms it with wallet.deposit and that key.
-- At most autopay_monthly_max requests a month; after autopay_max_failures failed ones the rule
-- stops (autopay_stopped) until wallet.edit sets it again.
ALTER TABLE wallet
  ADD COLUMN autopay_mode ENUM('off', 'add_funds', 'repay') NOT NULL DEFAULT 'off',
  ADD COLUMN autopay_threshold BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN autopay_target BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN autopay_minimum BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN autopay_monthly_max INT UNSIGNED NOT NULL DEFAULT 5,
  ADD COLUMN autopay_max_failures INT UNSIGNED NOT NULL DEFAULT 3,
  ADD COLUMN autopay_failures INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN autopay_stopped TINYINT(1) NOT NULL DEFAULT 0;

CREATE TABLE autopay_request (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  wallet_id BIGINT UNSIGNED NOT NULL,
  request_key VARCHAR(64) NOT NULL,
  amount BIGINT UNSIGNED NOT NULL,
  status ENUM('requested', 'confirmed', 'failed') NOT NULL DEFAULT 'requested',
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  settled_at DATETIME(6) NULL,
  UNIQUE KEY autopay_request_key (request_key),
  KEY autopay_request_wallet (wallet_id, status, created_at),
  CONSTRAINT autopay_request_wallet_fk FOREIGN KEY (wallet_id) REFERENCES wallet (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
