-- Issue 22, no hot rows: the operator's system wallets (operator, external, revenue, adjustment)
-- take part in every admin transfer, deposit and charge to the host, and a movement locks both
-- of its wallets' rows. Each is now sixteen rows under its name (system_shard 0..15); a movement
-- takes one at random, so concurrent movements on several hosts seldom meet on one row. Every
-- row is a wallet of the books as before: its balance is its movements' sum (ledger verify
-- checks each), and the system wallet's balance is the sum of its rows.
ALTER TABLE wallet ADD COLUMN system_shard TINYINT UNSIGNED NULL AFTER system_name,
  DROP INDEX wallet_system, ADD UNIQUE KEY wallet_system (system_name, system_shard);
UPDATE wallet SET system_shard = 0 WHERE system_name IS NOT NULL;
INSERT INTO wallet (system_name, system_shard)
  SELECT w.system_name, s.shard FROM wallet w
  JOIN (SELECT 1 AS shard UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
        UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8
        UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11 UNION ALL SELECT 12
        UNION ALL SELECT 13 UNION ALL SELECT 14 UNION ALL SELECT 15) s
  WHERE w.system_shard = 0;
