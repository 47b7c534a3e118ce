-- Issue 25 item 4: accountable su. Logging in as another account may carry a reason and a time
-- limit, kept on the session (su_reason, su_until: past it, the session acts as its own login
-- again); every audit row written under it names the reason. An account may ask that nobody
-- logs in as it without one (su_reason_required, set by its owner in usrparam).
ALTER TABLE session
  ADD COLUMN su_reason VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN su_until DATETIME(6) NULL;
ALTER TABLE account ADD COLUMN su_reason_required TINYINT(1) NOT NULL DEFAULT 0;
