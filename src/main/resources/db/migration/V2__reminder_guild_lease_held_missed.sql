-- Reminders are posted through their guild (guild_id, NULL on rows written before V2: the next reconcile's move
-- fills it), claimed with a lease instead of a row lock held across the Discord call (claimed_by, lease_until),
-- held while their group is suspended (held) and recorded as missed when they could not be delivered before
-- their meeting started (missed). resource_name is the StudyGroup's metadata.name, for log lines; group_name
-- stays the display name the message shows.
ALTER TABLE reminder ADD COLUMN guild_id TEXT;
ALTER TABLE reminder ADD COLUMN resource_name TEXT;
ALTER TABLE reminder ADD COLUMN claimed_by TEXT;
ALTER TABLE reminder ADD COLUMN lease_until TIMESTAMPTZ;
ALTER TABLE reminder DROP CONSTRAINT reminder_state_check;
ALTER TABLE reminder ADD CONSTRAINT reminder_state_check
    CHECK (state IN ('pending', 'held', 'sent', 'cancelled', 'dropped', 'failed', 'missed'));
