-- Issue 23, rate cards: a named price list owned by the admin or a reseller, and its prices in
-- minor units a month per item, versioned by the day each takes effect (a charge uses the price
-- in force that day; a card's history is its rows).
CREATE TABLE ratecard (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_account_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY ratecard_owner_name (owner_account_id, name),
  CONSTRAINT ratecard_owner_fk FOREIGN KEY (owner_account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- price NULL: the item is taken off the card from that day.
CREATE TABLE ratecard_price (
  card_id BIGINT UNSIGNED NOT NULL,
  item VARCHAR(96) NOT NULL,
  effective_from DATE NOT NULL,
  price BIGINT NULL,
  set_by VARCHAR(64) NOT NULL,
  set_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (card_id, item, effective_from),
  CONSTRAINT ratecard_price_card_fk FOREIGN KEY (card_id) REFERENCES ratecard (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The card each account is charged at: its provider card, given by its owner (issue 23). An
-- owner's default card goes to its new accounts that are given none.
CREATE TABLE ratecard_holder (
  account_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  card_id BIGINT UNSIGNED NOT NULL,
  KEY ratecard_holder_card (card_id),
  CONSTRAINT ratecard_holder_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
  CONSTRAINT ratecard_holder_card_fk FOREIGN KEY (card_id) REFERENCES ratecard (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE ratecard ADD COLUMN is_default TINYINT(1) NOT NULL DEFAULT 0;
