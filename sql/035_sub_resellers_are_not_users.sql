-- Issue 20: sub-resellers are not users. An owner's users_count counts its own user accounts
-- only (not its sub-resellers, not its own client account); what it gives its sub-resellers
-- comes out of its users limit as the limit_users each is given (account store, CheckUsers).
UPDATE account o
   SET o.users_count = (SELECT COUNT(*) FROM account c
                         WHERE c.parent_id = o.id AND c.level = 16 AND c.own_client = 0
                           AND c.deleted_at IS NULL)
 WHERE o.level >= 24 AND o.deleted_at IS NULL;
