-- Issue 25 item 1's "low balance" event: a wallet may carry a line (minor units; 0: none) below
-- which its available money (balance + credit) falling with a debit is told once, by mail and
-- the event wallet.low_balance, each time it crosses it.
ALTER TABLE wallet ADD COLUMN low_balance BIGINT NOT NULL DEFAULT 0;
