-- An account's limits as "name=value,..." on the account row, so a list page reads a column
-- instead of running a GROUP_CONCAT subquery per row. account_limit stays the source of truth;
-- the store rewrites this column in the same transaction whenever it writes the account's limits.

ALTER TABLE account ADD COLUMN limits VARCHAR(1024) NOT NULL DEFAULT '';

UPDATE account a
   SET a.limits = (SELECT GROUP_CONCAT(l.name, '=', l.value ORDER BY l.name)
                     FROM account_limit l WHERE l.account_id = a.id)
 WHERE EXISTS (SELECT 1 FROM account_limit l WHERE l.account_id = a.id);
