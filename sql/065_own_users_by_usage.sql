-- Issue 26: a reseller's user list sorted by disk or traffic use reads its own users off an index
-- in that order (account/mysql_account_list.cpp, the direct path), as the name order does off
-- account_parent_name, instead of sorting its whole subtree on every page (20 ms a page for a
-- reseller with 10,000 users). Usage reports move one more index entry per account they update.
ALTER TABLE account
  ADD INDEX account_parent_quota (parent_id, deleted_at, quota_used),
  ADD INDEX account_parent_traff (parent_id, deleted_at, traff_used);
