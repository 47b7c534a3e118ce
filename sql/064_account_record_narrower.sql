-- Issue 26: an account row in the server's row buffer was about 24 KiB, the sum of its columns'
-- longest values (a VARCHAR(2000) in utf8mb4 alone is 8 KiB), and InnoDB copies that whole
-- buffer for every row a list reads in order (its prefetch cache): 9% of MariaDB's CPU on the
-- admin's first reseller page was that copy (perf). The long columns no list reads (the comment,
-- the address locks, the denied module groups) become TEXT, which the buffer holds as a pointer:
-- about 10 KiB a row. Their limits stay where they were, in the metadata that checks every form
-- (maxlength 2000 and 1000); the module groups are names from a fixed list.
ALTER TABLE account
  MODIFY comment TEXT NOT NULL DEFAULT '',
  MODIFY allowed_ips TEXT NOT NULL DEFAULT '',
  MODIFY denied_groups TEXT NOT NULL DEFAULT '';
