-- The reseller.access groups denied to an account (its own rows and its owner's), kept on the
-- account row, so the session query reads a column instead of running two subqueries on every
-- request. account_denied_group stays the source of truth; the store refreshes this column in
-- the same transaction whenever the groups of an account or of its owner change, and when an
-- account is created.

ALTER TABLE account ADD COLUMN denied_groups VARCHAR(512) NOT NULL DEFAULT '';

UPDATE account a
   SET a.denied_groups = (SELECT COALESCE(GROUP_CONCAT(DISTINCT d.grp ORDER BY d.grp), '')
                            FROM account_denied_group d
                           WHERE d.account_id IN (a.id, a.parent_id))
 WHERE EXISTS (SELECT 1 FROM account_denied_group d WHERE d.account_id IN (a.id, a.parent_id));
