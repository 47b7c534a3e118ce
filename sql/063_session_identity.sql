-- Issue 26 item 2: a session carries what identifying a request needs of its login and accounts
-- (identity/session_identity.h), so the check reads one row. Identity refreshes the copy in the
-- transaction of every change to what it holds. Sessions open before this migration are filled
-- on their next request (the check refreshes a missing copy once) and by the background pass.
ALTER TABLE session ADD COLUMN identity TEXT NULL;
