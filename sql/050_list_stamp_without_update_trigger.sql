-- Issue 26: the account lists' stamp moves on an account row update only when the account store
-- says so (statements::kMoveListStamp: an owner's users_count, a soft delete), not by a trigger on
-- every updated row: suspending or resuming a reseller with 10,000 users ran the trigger 10,000
-- times, about half the time of the whole change. The insert and delete triggers stay.
DROP TRIGGER account_list_update;
