-- The account lists' stamp shard follows the node that writes (sql/046 took the account id's
-- alone): Galera gives each node its auto_increment_offset (1..N) and increment (N), so changes
-- on different nodes move different stamp rows and never fail certification over them; the
-- account id spreads one node's changes over its rows. On one server any of the sixteen.
DROP TRIGGER account_list_insert;
DROP TRIGGER account_list_delete;
DROP TRIGGER account_list_update;
CREATE TRIGGER account_list_insert AFTER INSERT ON account FOR EACH ROW
  UPDATE account_list_stamp SET stamp = stamp + 1
   WHERE id = 1 + (@@auto_increment_offset - 1) % LEAST(@@auto_increment_increment, 16)
              + LEAST(@@auto_increment_increment, 16)
                * (NEW.id DIV LEAST(@@auto_increment_increment, 16)
                   % (16 DIV LEAST(@@auto_increment_increment, 16)));
CREATE TRIGGER account_list_delete AFTER DELETE ON account FOR EACH ROW
  UPDATE account_list_stamp SET stamp = stamp + 1
   WHERE id = 1 + (@@auto_increment_offset - 1) % LEAST(@@auto_increment_increment, 16)
              + LEAST(@@auto_increment_increment, 16)
                * (OLD.id DIV LEAST(@@auto_increment_increment, 16)
                   % (16 DIV LEAST(@@auto_increment_increment, 16)));
CREATE TRIGGER account_list_update AFTER UPDATE ON account FOR EACH ROW
  UPDATE account_list_stamp SET stamp = stamp + 1
   WHERE id = 1 + (@@auto_increment_offset - 1) % LEAST(@@auto_increment_increment, 16)
              + LEAST(@@auto_increment_increment, 16)
                * (NEW.id DIV LEAST(@@auto_increment_increment, 16)
                   % (16 DIV LEAST(@@auto_increment_increment, 16)))
     AND NOT (NEW.name <=> OLD.name AND NEW.users_count <=> OLD.users_count
              AND NEW.level <=> OLD.level AND NEW.deleted_at <=> OLD.deleted_at
              AND NEW.parent_id <=> OLD.parent_id AND NEW.tree_path <=> OLD.tree_path
              AND NEW.suspended <=> OLD.suspended);
