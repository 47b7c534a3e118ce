-- Invoices (issue 11 item 6): documents about a wallet's money, issued once and never changed.
--   invoice  - the charges of a period, grouped by service into lines, with the balance before
--              and after; issued by `resellerctl invoice run` for the month before (cron) or on
--              demand by invoice.edit. Each charge is invoiced once (invoice_charge), so a
--              month-end run after an on-demand invoice takes only what is left.
--   payment  - "payment received" for a deposit or a confirmed autopayment, issued with it.
--   refund   - for a refund, issued with it.
-- The parties' names and addresses are copied onto the document when it is issued: renaming a
-- company later changes no issued document. A correction is a new document (a refund, or
-- charges that come later), never an edit.
ALTER TABLE account ADD COLUMN address VARCHAR(255) NOT NULL DEFAULT '' AFTER company;

-- A refund names the charge it returns; the refunds of one charge never add up past it.
-- Charges of one wallet in time order: an on-demand invoice reads them; the month-end run reads
-- the period's movements by time.
ALTER TABLE ledger_transfer
  ADD COLUMN refunds BIGINT UNSIGNED NULL,
  ADD KEY ledger_refunds (refunds),
  ADD KEY ledger_from_kind_at (from_wallet, kind, at),
  ADD KEY ledger_at (at);

CREATE TABLE invoice (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- Documents issued together share a run (a random tag): the run's lines find their invoice.
  run CHAR(32) NOT NULL DEFAULT '',
  kind ENUM('invoice', 'payment', 'refund') NOT NULL,
  wallet_id BIGINT UNSIGNED NOT NULL,
  issued_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  issued_by VARCHAR(64) NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,  -- the last day the document covers
  currency CHAR(3) NOT NULL,
  total BIGINT NOT NULL,
  opening_balance BIGINT NOT NULL,
  closing_balance BIGINT NOT NULL,
  transfer_id BIGINT UNSIGNED NULL,  -- the movement a payment or refund document is about
  seller_name VARCHAR(255) NOT NULL,
  seller_address VARCHAR(255) NOT NULL,
  buyer_account VARCHAR(64) NOT NULL,
  buyer_name VARCHAR(255) NOT NULL,
  buyer_address VARCHAR(255) NOT NULL,
  UNIQUE KEY invoice_transfer (transfer_id),
  KEY invoice_wallet (wallet_id, id),
  KEY invoice_run (run, wallet_id),
  KEY invoice_buyer (buyer_account, id),
  KEY invoice_period (period_start, kind),
  CONSTRAINT invoice_wallet_fk FOREIGN KEY (wallet_id) REFERENCES wallet (id),
  CONSTRAINT invoice_transfer_fk FOREIGN KEY (transfer_id) REFERENCES ledger_transfer (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE invoice_line (
  invoice_id BIGINT UNSIGNED NOT NULL,
  line_no INT UNSIGNED NOT NULL,
  description VARCHAR(255) NOT NULL,
  period VARCHAR(32) NOT NULL DEFAULT '',
  quantity INT UNSIGNED NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (invoice_id, line_no),
  CONSTRAINT invoice_line_fk FOREIGN KEY (invoice_id) REFERENCES invoice (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Which invoice took each charge: a charge is on one invoice at most.
CREATE TABLE invoice_charge (
  transfer_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  invoice_id BIGINT UNSIGNED NOT NULL,
  KEY invoice_charge_invoice (invoice_id),
  CONSTRAINT invoice_charge_transfer_fk FOREIGN KEY (transfer_id) REFERENCES ledger_transfer (id),
  CONSTRAINT invoice_charge_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoice (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- A run's charges while it issues their invoices (rows live only inside the run's transaction).
CREATE TABLE invoice_run_charge (
  run CHAR(32) NOT NULL,
  transfer_id BIGINT UNSIGNED NOT NULL,
  wallet_id BIGINT UNSIGNED NOT NULL,
  reference VARCHAR(128) NOT NULL,
  period VARCHAR(32) NOT NULL,
  amount BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (run, transfer_id),
  KEY invoice_run_charge_wallet (run, wallet_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
