-- Saved list filters (reseller.filter, user.filter) move onto the login row, as one JSON object
-- keyed by list: {"user": {"name": "...", "status": "overlimit"}}. The session query reads the
-- login row anyway, so it now carries the filters without the two joins on list_filter it paid
-- on every request. The store writes one list's entry with JSON_SET, so saving one list never
-- touches another.

ALTER TABLE login
  ADD COLUMN list_filters VARCHAR(2048) NOT NULL DEFAULT '{}' CHECK (JSON_VALID(list_filters));

UPDATE login l
   SET l.list_filters = (SELECT JSON_OBJECTAGG(f.list, JSON_OBJECT('name', f.name_contains,
                                                                   'status', f.status))
                           FROM list_filter f WHERE f.login_id = l.id)
 WHERE EXISTS (SELECT 1 FROM list_filter f WHERE f.login_id = l.id);

DROP TABLE list_filter;
