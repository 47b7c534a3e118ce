-- Issue 20: "log in as" (su, reseller.su, user.su, one-shot su=, login keys) is a right of its
-- own, login_as:edit, instead of following from reading users. The built-in SALES group has it;
-- SUPPORT and PARTNER do not. A group of an operator's or a reseller's that could change
-- accounts (users:edit or resellers:edit) keeps the way in it had; others lose it and get it
-- back only through the group editor. Logins carry a copy of their group's rights (sql/015).
UPDATE perm_group
   SET rights = CONCAT(rights, IF(rights = '', '', ','), 'login_as:edit')
 WHERE (builtin = 1 AND name = 'SALES')
    OR (builtin = 0 AND (FIND_IN_SET('users:edit', rights) OR FIND_IN_SET('resellers:edit', rights)));
UPDATE login l JOIN perm_group g ON g.id = l.perm_group_id SET l.rights = g.rights;
