-- Issue 23, margins: what a reseller's own users come to that day at its cards (their accounts
-- and active services, a day's share each) is kept beside what it paid, so a month's margin is
-- a sum. Every reseller has a day, card or not (one without a provider card pays nothing but
-- may bill its clients). The monthly report keeps the month's cost (paid), income (from its
-- sub-resellers), and billable; its margin is income + billable - cost.
ALTER TABLE billing_day
  ADD COLUMN billable BIGINT NOT NULL DEFAULT 0;

ALTER TABLE monthly_report
  ADD COLUMN cost BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN income BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN billable BIGINT NOT NULL DEFAULT 0;
