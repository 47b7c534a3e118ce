-- Live accounts per level, maintained with every create and delete, so unfiltered lists know
-- their total without counting (a COUNT over 10,000 resellers costs more than the page itself).

CREATE TABLE account_level_count (
  level TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  live BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO account_level_count (level, live) VALUES (16, 0), (24, 0), (29, 0), (30, 0);

UPDATE account_level_count c
  SET c.live = (SELECT COUNT(*) FROM account a WHERE a.level = c.level AND a.deleted_at IS NULL);
