-- Money (issue 11): wallets and a double-entry ledger in integer minor units. A transfer moves an
-- amount from one wallet to another, append-only; the cached balance of both wallets changes in
-- the same transaction, so every balance equals the sum of its transfers and all balances sum to
-- zero (resellerctl ledger verify). Tenant wallets belong to resellers and sub-resellers; system
-- wallets are the operator's books: "operator" (what the host hands to its resellers),
-- "external" (payments from outside), "revenue" (charges for services), "adjustment".
CREATE TABLE wallet (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- NULL for a system wallet, and for a wallet whose account was deleted for good (its
  -- transfers stay, so the books still balance).
  account_id BIGINT UNSIGNED NULL,
  system_name VARCHAR(32) NULL,
  balance BIGINT NOT NULL DEFAULT 0,
  credit_limit BIGINT UNSIGNED NOT NULL DEFAULT 0,
  last_movement_at DATETIME(6) NULL,
  UNIQUE KEY wallet_account (account_id),
  UNIQUE KEY wallet_system (system_name),
  CONSTRAINT wallet_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

INSERT INTO wallet (system_name) VALUES ('operator'), ('external'), ('revenue'), ('adjustment');

CREATE TABLE ledger_transfer (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  kind ENUM('deposit', 'transfer', 'withdraw', 'charge', 'refund', 'autopay', 'adjustment') NOT NULL,
  from_wallet BIGINT UNSIGNED NOT NULL,
  to_wallet BIGINT UNSIGNED NOT NULL,
  amount BIGINT UNSIGNED NOT NULL,
  -- Each side's balance after this transfer: a wallet's statement shows a running balance
  -- without summing its history.
  from_balance BIGINT NOT NULL,
  to_balance BIGINT NOT NULL,
  memo VARCHAR(255) NOT NULL DEFAULT '',
  reference VARCHAR(128) NOT NULL DEFAULT '',  -- external payment or service reference
  period VARCHAR(32) NOT NULL DEFAULT '',
  actor VARCHAR(64) NOT NULL,
  as_account VARCHAR(64) NOT NULL,
  token VARCHAR(64) NOT NULL DEFAULT '',
  idem_key VARCHAR(128) NOT NULL DEFAULT '',
  KEY ledger_from (from_wallet, id),
  KEY ledger_to (to_wallet, id),
  CONSTRAINT ledger_from_fk FOREIGN KEY (from_wallet) REFERENCES wallet (id),
  CONSTRAINT ledger_to_fk FOREIGN KEY (to_wallet) REFERENCES wallet (id),
  CONSTRAINT ledger_amount_ck CHECK (amount > 0),
  CONSTRAINT ledger_sides_ck CHECK (from_wallet <> to_wallet)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Staff rights over money: partners read wallets, sellers read them and move money.
UPDATE perm_group SET rights = CONCAT(rights, ',wallets:read') WHERE builtin = 1 AND name = 'PARTNER';
UPDATE perm_group SET rights = CONCAT(rights, ',wallets:read,wallets:edit')
 WHERE builtin = 1 AND name = 'SALES';
UPDATE login l JOIN perm_group g ON g.id = l.perm_group_id SET l.rights = g.rights
 WHERE g.builtin = 1;
