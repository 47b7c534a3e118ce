-- A reseller's lists (issue 14): the page of its subtree comes from the tree index alone. The
-- index on (level, deleted_at, tree_path) gains the name, so the statement that picks a page's
-- ids and counts the subtree (account/mysql_account_store.cpp, List) sorts index entries by name
-- without reading a row, and reads only the page's rows afterwards.
ALTER TABLE account
  DROP KEY account_level_tree,
  ADD KEY account_level_tree (level, deleted_at, tree_path, name);
