-- Issue 20: attempts are settled, not forgiven. An attempt is pending from before its check until
-- it is settled: a failure moves it to `failures`, right credentials or a refusal by the
-- throttle itself take it back. A pending attempt whose request died counts only for a short
-- while after its batch began (account/auth store: 30 s), so a database crash between the count
-- and the check locks nobody out for the window. Second-factor codes have a counter per login
-- of their own ('totp', reset only by a right code), and password-reset requests their own per
-- name and per address ('reset', 'reset_ip'), so resets never throttle logins.
ALTER TABLE auth_failure
  MODIFY scope ENUM('login', 'ip', 'totp', 'reset', 'reset_ip') NOT NULL,
  ADD COLUMN pending INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN pending_at DATETIME(6) NULL;
-- Reset requests were counted on 'login' rows named "reset:NAME": they move to their own scope.
DELETE FROM auth_failure WHERE scope = 'login' AND subject LIKE 'reset:%';
