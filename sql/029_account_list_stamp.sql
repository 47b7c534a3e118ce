-- Deep pages (issue 14, item 3): a worker remembers where pages of the admin's account lists
-- begin (the sort key and id of the row at an offset) and seeks there instead of skipping
-- every row before it. A remembered place is only good while no account joined, left or moved
-- in the order, so the lists carry a stamp that changes whenever one did; a page read with
-- another stamp than the remembered one is read again the long way (account/page_places.h).
-- Triggers keep it, so every path that writes accounts (the stores, resellerctl, hand-written
-- SQL) moves it without knowing. Usage figures (quota_used, traff_used) leave it alone: the
-- quota and traffic orders are never remembered.
CREATE TABLE account_list_stamp (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  stamp BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO account_list_stamp (id, stamp) VALUES (1, 0);

CREATE TRIGGER account_list_insert AFTER INSERT ON account FOR EACH ROW
  UPDATE account_list_stamp SET stamp = stamp + 1 WHERE id = 1;

CREATE TRIGGER account_list_delete AFTER DELETE ON account FOR EACH ROW
  UPDATE account_list_stamp SET stamp = stamp + 1 WHERE id = 1;

CREATE TRIGGER account_list_update AFTER UPDATE ON account FOR EACH ROW
  UPDATE account_list_stamp SET stamp = stamp + 1
   WHERE id = 1
     AND NOT (NEW.name <=> OLD.name AND NEW.users_count <=> OLD.users_count
              AND NEW.level <=> OLD.level AND NEW.deleted_at <=> OLD.deleted_at
              AND NEW.parent_id <=> OLD.parent_id AND NEW.tree_path <=> OLD.tree_path
              AND NEW.suspended <=> OLD.suspended);
