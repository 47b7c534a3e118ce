-- The dashboard's "charged today / this month" over all wallets reads charges by time.
ALTER TABLE ledger_transfer ADD KEY ledger_kind_at (kind, at);
