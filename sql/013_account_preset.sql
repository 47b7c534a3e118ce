-- The template (preset) an account's limits came from, as its name at the time (a template may
-- be renamed or deleted later; the account keeps what it was made from). Lists show it.
ALTER TABLE account ADD COLUMN preset VARCHAR(64) NOT NULL DEFAULT '';
