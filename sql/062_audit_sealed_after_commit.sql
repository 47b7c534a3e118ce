-- The audit chain is sealed after commit (issue 26): a change writes its audit row without a
-- hash, in its own transaction, and a background pass (audit/audit_log.h, SealAudit) gives the
-- committed rows their place in their chain (seq), the previous row's hash and their own. A
-- change no longer locks a chain head, so no two changes ever wait on each other (or, on
-- Galera, conflict) over the audit log. The chain's order is its seq, which is the order the
-- rows were sealed in, not their ids: a row whose transaction commits late is sealed late.
ALTER TABLE audit_log
  MODIFY prev_hash CHAR(64) NULL,
  MODIFY row_hash CHAR(64) NULL,
  ADD COLUMN seq BIGINT UNSIGNED NULL AFTER chain;

-- The rows so far keep their hashes; their place is their order in their chain.
UPDATE audit_log l
  JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY chain ORDER BY id) AS n FROM audit_log) r
    ON r.id = l.id
  SET l.seq = r.n;

-- A chain's rows in order for verification, and its unsealed rows (seq NULL) for the seal.
ALTER TABLE audit_log
  DROP KEY audit_chain,
  ADD UNIQUE KEY audit_chain_seq (chain, seq);

ALTER TABLE audit_head ADD COLUMN last_seq BIGINT UNSIGNED NOT NULL DEFAULT 0;
UPDATE audit_head h
  SET h.last_seq = (SELECT COALESCE(MAX(l.seq), 0) FROM audit_log l WHERE l.chain = h.id);
