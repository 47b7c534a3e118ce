-- Issue 26 item 5: a suspension is one row for the account suspended; what is below it is
-- suspended because it is (account.suspended, kept by the store), never a row each. The rows the
-- cascade wrote before go: the flags they kept stay as they are.
DELETE FROM suspension WHERE cause_id IS NOT NULL;
