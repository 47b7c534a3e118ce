-- account.over_limit: disk or traffic used above the account's own limit, kept by the account
-- store whenever usage or limits change (usage.report, WriteLimits), so the dashboard counts
-- over-limit and suspended accounts from an index instead of reading every account.
ALTER TABLE account
  ADD COLUMN over_limit TINYINT(1) NOT NULL DEFAULT 0,
  ADD KEY account_level_suspended (level, deleted_at, suspended),
  ADD KEY account_level_over (level, deleted_at, over_limit);

UPDATE account a
   SET a.over_limit = EXISTS (
         SELECT 1 FROM account_limit l WHERE l.account_id = a.id AND
           ((l.name = 'limit_quota' AND a.quota_used > l.value) OR
            (l.name = 'limit_traff' AND a.traff_used > l.value)));
