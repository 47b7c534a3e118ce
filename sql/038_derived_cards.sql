-- Issue 23: a customer card derived from its owner's provider card. Each item the provider card
-- prices is marked up by markup_bp (basis points: 2000 is 20%) and rounded up to a multiple of
-- round_to (minor units); it follows the provider card's changes until the card sets a price of
-- its own for the item.
ALTER TABLE ratecard
  ADD COLUMN derived_from BIGINT UNSIGNED NULL,
  ADD COLUMN markup_bp INT NOT NULL DEFAULT 0,
  ADD COLUMN round_to INT NOT NULL DEFAULT 1,
  ADD CONSTRAINT ratecard_derived_fk FOREIGN KEY (derived_from) REFERENCES ratecard (id);
