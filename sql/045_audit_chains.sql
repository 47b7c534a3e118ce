-- Issue 22, no hot rows: the audit log is sixteen hash chains, not one. Each append takes one
-- chain's head at random (FOR UPDATE), so concurrent changes on several hosts seldom wait on or,
-- on a Galera cluster, conflict over the same head; every chain is tamper-evident as the one
-- chain was (`resellerctl audit verify` walks them all: each row links to the one before it in
-- its chain, each head names its chain's last row). The rows so far are chain 1.
ALTER TABLE audit_log ADD COLUMN chain TINYINT UNSIGNED NOT NULL DEFAULT 1 AFTER id,
  ADD KEY audit_chain (chain, id);
INSERT INTO audit_head (id, last_hash) VALUES
  (2, REPEAT('0', 64)), (3, REPEAT('0', 64)), (4, REPEAT('0', 64)), (5, REPEAT('0', 64)),
  (6, REPEAT('0', 64)), (7, REPEAT('0', 64)), (8, REPEAT('0', 64)), (9, REPEAT('0', 64)),
  (10, REPEAT('0', 64)), (11, REPEAT('0', 64)), (12, REPEAT('0', 64)), (13, REPEAT('0', 64)),
  (14, REPEAT('0', 64)), (15, REPEAT('0', 64)), (16, REPEAT('0', 64));
