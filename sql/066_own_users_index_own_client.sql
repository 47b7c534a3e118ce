-- Issue 26: a reseller's own users in name, disk or traffic order come off an index that also
-- holds own_client, so a deep page takes its ids from the index alone, its own client account
-- left out by the index itself (sql/065's indexes, and account_parent_name from sql/002, had it
-- only in the row: a deep page read every row before it, or materialized a scan of the table to
-- leave the own client out).
ALTER TABLE account
  DROP INDEX account_parent_name,
  ADD INDEX account_parent_name (parent_id, deleted_at, own_client, name),
  DROP INDEX account_parent_quota,
  ADD INDEX account_parent_quota (parent_id, deleted_at, own_client, quota_used),
  DROP INDEX account_parent_traff,
  ADD INDEX account_parent_traff (parent_id, deleted_at, own_client, traff_used);
