-- The reseller's own client account (issue 12 item 3): a user account created with the reseller,
-- in the same transaction, with its e-mail and company. It carries the reseller's own services
-- and usage for reports; it is never deleted, suspended or moved alone (it goes with its
-- reseller), and it is not one of the reseller's `users` (users_count, the users limit).
ALTER TABLE account ADD COLUMN own_client TINYINT(1) NOT NULL DEFAULT 0;

-- Existing resellers get theirs now ("NAME-own", where that name is free).
INSERT INTO account (parent_id, level, name, email, company, own_client)
  SELECT r.id, 16, CONCAT(r.name, '-own'), r.email, r.company, 1 FROM account r
  WHERE r.level = 24 AND r.deleted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM account x WHERE x.name = CONCAT(r.name, '-own'))
    AND NOT EXISTS (SELECT 1 FROM login x WHERE x.name = CONCAT(r.name, '-own'));
UPDATE account c JOIN account p ON p.id = c.parent_id
   SET c.tree_path = CONCAT(p.tree_path, c.id, '/')
 WHERE c.own_client = 1 AND c.tree_path = '';
UPDATE account a SET a.denied_groups = (
    SELECT COALESCE(GROUP_CONCAT(DISTINCT d.grp ORDER BY d.grp), '') FROM account_denied_group d
    WHERE a.tree_path LIKE CONCAT('%/', d.account_id, '/%'))
 WHERE a.own_client = 1;
-- Its login has no password: the reseller acts in it through su.
INSERT INTO login (account_id, name, password_hash, is_owner)
  SELECT a.id, a.name, '', 1 FROM account a
  WHERE a.own_client = 1 AND NOT EXISTS (SELECT 1 FROM login l WHERE l.account_id = a.id);
UPDATE account_level_count
   SET live = live + (SELECT COUNT(*) FROM account WHERE own_client = 1 AND deleted_at IS NULL)
 WHERE level = 16;
