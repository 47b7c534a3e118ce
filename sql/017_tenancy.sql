-- Tenancy (issue 10): every account keeps its ancestry as a path of ids, "/<admin>/<reseller>/
-- [<sub-reseller>/]<id>/", so "in the caller's subtree" is one indexed prefix match
-- (tree_path LIKE '<caller's path>_%') wherever the tree is one, two or three levels deep.
-- account.may_resell: the admin lets a reseller create sub-resellers (one level below it).
ALTER TABLE account
  ADD COLUMN tree_path VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN may_resell TINYINT(1) NOT NULL DEFAULT 0;

UPDATE account SET tree_path = CONCAT('/', id, '/') WHERE parent_id IS NULL;
UPDATE account a JOIN account p ON p.id = a.parent_id
   SET a.tree_path = CONCAT(p.tree_path, a.id, '/')
 WHERE a.level = 24 AND p.parent_id IS NULL;
UPDATE account a JOIN account p ON p.id = a.parent_id
   SET a.tree_path = CONCAT(p.tree_path, a.id, '/')
 WHERE a.level = 16;

ALTER TABLE account
  ADD KEY account_tree (tree_path),
  ADD KEY account_level_tree (level, deleted_at, tree_path);
