-- The feed of one reseller's subtree (`event after=N`) reads its own events by path, not every
-- event after N: the optimizer takes this index when the subtree's events are few among many.
ALTER TABLE outbox_event ADD KEY event_subject (subject_path, seq);
