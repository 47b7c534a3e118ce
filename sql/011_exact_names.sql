-- Names are compared exactly. utf8mb4_bin is a PAD SPACE collation: 'admin   ' equalled 'admin',
-- so authinfo=admin%20%20%20:PASS logged in and one login had many spellings. The NO PAD binary
-- collation compares every byte. The audit log's names move with them: it is searched by the
-- account names (l.as_account IN (SELECT a.name ...)), and a comparison needs one collation.

ALTER TABLE account
  MODIFY name VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;
ALTER TABLE login
  MODIFY name VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;
ALTER TABLE preset
  MODIFY name VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;
ALTER TABLE audit_log
  MODIFY actor VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  MODIFY as_account VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;
