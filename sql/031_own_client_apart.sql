-- Issue 20: a reseller's own client account (NAME-own, sql/027) is not one of the accounts it
-- sold. Billing modules count the `user` list's rows and p_elems as the accounts they sold, so
-- the own client is no row of any account list (only asked for by name), is not counted in the
-- maintained level counts, on dashboards or against limit_users.
--
-- The list indexes gain own_client right after (level, deleted_at), so a page of a level's
-- accounts without the own clients still reads its ids off one index in order (the deferred
-- join's inner statement stays covering; issue 14). The tree index, whose range is the tree
-- path, carries it last for the same reason.
ALTER TABLE account
  DROP KEY account_level_name,
  DROP KEY account_level_users,
  DROP KEY account_level_quota,
  DROP KEY account_level_traff,
  DROP KEY account_level_suspended,
  DROP KEY account_level_over,
  DROP KEY account_level_tree,
  ADD KEY account_level_name (level, deleted_at, own_client, name),
  ADD KEY account_level_users (level, deleted_at, own_client, users_count),
  ADD KEY account_level_quota (level, deleted_at, own_client, quota_used),
  ADD KEY account_level_traff (level, deleted_at, own_client, traff_used),
  ADD KEY account_level_suspended (level, deleted_at, own_client, suspended),
  ADD KEY account_level_over (level, deleted_at, own_client, over_limit),
  ADD KEY account_level_tree (level, deleted_at, tree_path, name, own_client);

UPDATE account_level_count
   SET live = live - (SELECT COUNT(*) FROM account WHERE own_client = 1 AND deleted_at IS NULL)
 WHERE level = 16;

-- ISP4 limit names beyond the one alias each limit_descriptor row carries: three independent
-- ISP4 clients send baselimit and baseuserlimit (databases, database users).
CREATE TABLE limit_alias (
  alias VARCHAR(64) NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  CONSTRAINT limit_alias_descriptor_fk FOREIGN KEY (name) REFERENCES limit_descriptor (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO limit_alias (alias, name) VALUES
  ('baselimit', 'limit_db'),
  ('baseuserlimit', 'limit_db_users');
