-- Issue 22, no hot rows: the live accounts per level and the account lists' stamp were one row
-- each that every account change wrote, so concurrent changes on several hosts queued on them
-- (and on a Galera cluster failed certification against each other). Each is now sixteen rows
-- read as their sum: a change moves one of them (the level counts a shard picked at random,
-- the stamp the shard of the account's id), and two changes meet on the same row one time in
-- sixteen. A shard's count may go below zero; the sum is the count.
ALTER TABLE account_level_count MODIFY live BIGINT NOT NULL,
  ADD COLUMN shard TINYINT UNSIGNED NOT NULL DEFAULT 0 AFTER level,
  DROP PRIMARY KEY, ADD PRIMARY KEY (level, shard);
INSERT INTO account_level_count (level, shard, live)
  SELECT c.level, s.shard, 0 FROM account_level_count c
  JOIN (SELECT 1 AS shard UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
        UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8
        UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11 UNION ALL SELECT 12
        UNION ALL SELECT 13 UNION ALL SELECT 14 UNION ALL SELECT 15) s
  WHERE c.shard = 0;

INSERT INTO account_list_stamp (id, stamp) VALUES
  (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0), (11, 0), (12, 0),
  (13, 0), (14, 0), (15, 0), (16, 0);
DROP TRIGGER account_list_insert;
DROP TRIGGER account_list_delete;
DROP TRIGGER account_list_update;
CREATE TRIGGER account_list_insert AFTER INSERT ON account FOR EACH ROW
  UPDATE account_list_stamp SET stamp = stamp + 1 WHERE id = 1 + NEW.id % 16;
CREATE TRIGGER account_list_delete AFTER DELETE ON account FOR EACH ROW
  UPDATE account_list_stamp SET stamp = stamp + 1 WHERE id = 1 + OLD.id % 16;
CREATE TRIGGER account_list_update AFTER UPDATE ON account FOR EACH ROW
  UPDATE account_list_stamp SET stamp = stamp + 1
   WHERE id = 1 + NEW.id % 16
     AND NOT (NEW.name <=> OLD.name AND NEW.users_count <=> OLD.users_count
              AND NEW.level <=> OLD.level AND NEW.deleted_at <=> OLD.deleted_at
              AND NEW.parent_id <=> OLD.parent_id AND NEW.tree_path <=> OLD.tree_path
              AND NEW.suspended <=> OLD.suspended);
